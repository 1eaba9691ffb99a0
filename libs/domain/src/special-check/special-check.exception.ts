import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum SpecialCheckErrorCode {
  NotFound = 'CHECK_NOT_FOUND',
  NotChecker = 'NOT_CHECKER',
  NotChecked = 'NOT_CHECKED_NODE',
  IllegalStep = 'ILLEGAL_STEP',
  DueDatePassed = 'DUE_DATE_PASSED',
  ReasonsRequired = 'REASONS_REQUIRED',
}

export class SpecialCheckException extends AppError<SpecialCheckErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case SpecialCheckErrorCode.NotFound:
        return ErrorKind.NotFound;
      case SpecialCheckErrorCode.NotChecker:
      case SpecialCheckErrorCode.NotChecked:
        return ErrorKind.Forbidden;
      case SpecialCheckErrorCode.IllegalStep:
        return ErrorKind.Conflict;
      case SpecialCheckErrorCode.DueDatePassed:
      case SpecialCheckErrorCode.ReasonsRequired:
        return ErrorKind.BadInput;
      default:
        return assertUnreachable(this.code);
    }
  }
}
