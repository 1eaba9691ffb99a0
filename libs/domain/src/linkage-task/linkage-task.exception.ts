import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum LinkageTaskErrorCode {
  NotFound = 'TASK_NOT_FOUND',
  NotIssuer = 'NOT_TASK_ISSUER',
  NotRecipient = 'NOT_TASK_RECIPIENT',
  IllegalTransition = 'ILLEGAL_TRANSITION',
  Cancelled = 'TASK_CANCELLED',
  InvalidWindow = 'INVALID_WINDOW',
  DeadlinePassed = 'DEADLINE_PASSED',
  OutsideParentWindow = 'OUTSIDE_PARENT_WINDOW',
  StaleVersion = 'STALE_VERSION',
}

export class LinkageTaskException extends AppError<LinkageTaskErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case LinkageTaskErrorCode.NotFound:
        return ErrorKind.NotFound;
      case LinkageTaskErrorCode.NotIssuer:
      case LinkageTaskErrorCode.NotRecipient:
        return ErrorKind.Forbidden;
      case LinkageTaskErrorCode.IllegalTransition:
      case LinkageTaskErrorCode.Cancelled:
      case LinkageTaskErrorCode.StaleVersion:
        return ErrorKind.Conflict;
      case LinkageTaskErrorCode.InvalidWindow:
      case LinkageTaskErrorCode.DeadlinePassed:
      case LinkageTaskErrorCode.OutsideParentWindow:
        return ErrorKind.BadInput;
      default:
        return assertUnreachable(this.code);
    }
  }
}
