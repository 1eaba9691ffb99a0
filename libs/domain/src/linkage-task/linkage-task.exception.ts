import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

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

registerErrorLabels(LinkageTaskErrorCode, {
  TASK_NOT_FOUND: '任务不存在',
  NOT_TASK_ISSUER: '只有下达该任务的层级可以办理此事项',
  NOT_TASK_RECIPIENT: '本级不是该任务的承办单位',
  ILLEGAL_TRANSITION: '任务当前状态不允许此操作',
  TASK_CANCELLED: '任务已撤销',
  INVALID_WINDOW: '时间安排无效：截止时间须晚于开始时间',
  DEADLINE_PASSED: '截止日期已过',
  OUTSIDE_PARENT_WINDOW: '分解后的时间安排须在上级任务的时间范围内',
  STALE_VERSION: '任务已被修改，请刷新后基于最新版本操作',
});

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
