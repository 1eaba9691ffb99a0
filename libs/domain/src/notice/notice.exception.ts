import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum NoticeErrorCode {
  NotFound = 'NOTICE_NOT_FOUND',
  NotRecipient = 'NOT_NOTICE_RECIPIENT',
}

export class NoticeException extends AppError<NoticeErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case NoticeErrorCode.NotFound:
        return ErrorKind.NotFound;
      case NoticeErrorCode.NotRecipient:
        return ErrorKind.Forbidden;
      default:
        return assertUnreachable(this.code);
    }
  }
}
