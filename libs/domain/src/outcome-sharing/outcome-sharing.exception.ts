import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum OutcomeErrorCode {
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  DuplicateCategory = 'DUPLICATE_CATEGORY',
  NoProblems = 'NO_PROBLEMS',
  NotCommon = 'NOT_A_COMMON_PROBLEM',
}

export class OutcomeException extends AppError<OutcomeErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case OutcomeErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      case OutcomeErrorCode.DuplicateCategory:
      case OutcomeErrorCode.NoProblems:
      case OutcomeErrorCode.NotCommon:
        return ErrorKind.BadInput;
      default:
        return assertUnreachable(this.code);
    }
  }
}
