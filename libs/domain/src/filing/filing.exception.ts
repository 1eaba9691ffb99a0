import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum FilingErrorCode {
  NotFound = 'FILING_NOT_FOUND',
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  NoChildren = 'NO_CHILDREN',
  InvalidDueDate = 'INVALID_DUE_DATE',
  InvalidTransition = 'INVALID_FILING_TRANSITION',
  Locked = 'FILING_LOCKED',
  ChildrenPending = 'CHILDREN_NOT_ACCEPTED',
  ParentLocked = 'CONSOLIDATED_FILING_LOCKED',
  NotFiler = 'NOT_THE_FILER',
  NotReviewer = 'NOT_THE_REVIEWER',
  InvalidMustAct = 'INVALID_MUST_ACT',
}

export class FilingException extends AppError<FilingErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case FilingErrorCode.NotFound:
      case FilingErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      case FilingErrorCode.NoChildren:
      case FilingErrorCode.InvalidDueDate:
      case FilingErrorCode.InvalidMustAct:
        return ErrorKind.BadInput;
      case FilingErrorCode.InvalidTransition:
      case FilingErrorCode.Locked:
      case FilingErrorCode.ChildrenPending:
      case FilingErrorCode.ParentLocked:
        return ErrorKind.Conflict;
      case FilingErrorCode.NotFiler:
      case FilingErrorCode.NotReviewer:
        return ErrorKind.Forbidden;
      default:
        return assertUnreachable(this.code);
    }
  }
}
