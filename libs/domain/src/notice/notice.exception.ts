import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum NoticeErrorCode {
  NotFound = 'NOTICE_NOT_FOUND',
  NotRecipient = 'NOT_NOTICE_RECIPIENT',
}

registerErrorLabels(NoticeErrorCode, {
  NOTICE_NOT_FOUND: '通报不存在',
  NOT_NOTICE_RECIPIENT: '本级不是该通报的接收单位',
});

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
