import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum NoticeErrorCode {
  NotFound = 'NOTICE_NOT_FOUND',
  NotRecipient = 'NOT_NOTICE_RECIPIENT',
  NotIssuer = 'NOT_NOTICE_ISSUER',
  IllegalStep = 'ILLEGAL_STEP',
}

registerErrorLabels(NoticeErrorCode, {
  NOTICE_NOT_FOUND: '通报不存在',
  NOT_NOTICE_RECIPIENT: '本级不是该通报的接收单位',
  NOT_NOTICE_ISSUER: '只有发出通报的层级可以办理此事项',
  ILLEGAL_STEP: '当前状态下不能进行这一步',
});

export class NoticeException extends AppError<NoticeErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case NoticeErrorCode.NotFound:
        return ErrorKind.NotFound;
      case NoticeErrorCode.NotRecipient:
      case NoticeErrorCode.NotIssuer:
        return ErrorKind.Forbidden;
      case NoticeErrorCode.IllegalStep:
        return ErrorKind.Conflict;
      default:
        return assertUnreachable(this.code);
    }
  }
}
