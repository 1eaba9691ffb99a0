import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum SpecialCheckErrorCode {
  NotFound = 'CHECK_NOT_FOUND',
  NotChecker = 'NOT_CHECKER',
  NotChecked = 'NOT_CHECKED_NODE',
  IllegalStep = 'ILLEGAL_STEP',
  DueDatePassed = 'DUE_DATE_PASSED',
  ReasonsRequired = 'REASONS_REQUIRED',
}

registerErrorLabels(SpecialCheckErrorCode, {
  CHECK_NOT_FOUND: '专项检查不存在',
  NOT_CHECKER: '只有开展检查的层级可以办理此事项',
  NOT_CHECKED_NODE: '只有被检查的层级可以办理此事项',
  ILLEGAL_STEP: '当前状态下不能进行这一步',
  DUE_DATE_PASSED: '截止日期已过',
  REASONS_REQUIRED: '退回时必须写明理由',
});

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
