import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum ClueErrorCode {
  NotFound = 'CLUE_NOT_FOUND',
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  InvalidTransition = 'INVALID_CLUE_TRANSITION',
  NotOrigin = 'NOT_THE_ORIGIN',
  NotHolder = 'NOT_THE_HOLDER',
  ContentRestricted = 'CLUE_CONTENT_RESTRICTED',
}

export class ClueException extends AppError<ClueErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case ClueErrorCode.NotFound:
      case ClueErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      case ClueErrorCode.InvalidTransition:
        return ErrorKind.Conflict;
      case ClueErrorCode.NotOrigin:
      case ClueErrorCode.NotHolder:
      case ClueErrorCode.ContentRestricted:
        return ErrorKind.Forbidden;
      default:
        return assertUnreachable(this.code);
    }
  }
}
