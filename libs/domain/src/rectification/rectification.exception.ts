import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum RectificationErrorCode {
  NotFound = 'RECTIFICATION_NOT_FOUND',
  TaskNotFound = 'TASK_NOT_FOUND',
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  NotAChild = 'NOT_A_CHILD',
  InvalidDate = 'INVALID_DATE',
  OutsideConcentratedPeriod = 'OUTSIDE_CONCENTRATED_PERIOD',
  StagesRequired = 'STAGES_REQUIRED',
  InvalidTransition = 'INVALID_RECTIFICATION_TRANSITION',
  TaskDone = 'TASK_ALREADY_DONE',
  StagesOpen = 'STAGES_OPEN',
  ReviewIncomplete = 'REVIEW_INCOMPLETE',
  PeriodNotOver = 'CONCENTRATED_PERIOD_NOT_OVER',
  AlreadyFiled = 'ALREADY_FILED',
  NotSupervising = 'NOT_THE_SUPERVISING_LEVEL',
  NotInspected = 'NOT_THE_INSPECTED_NODE',
}

export class RectificationException extends AppError<RectificationErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case RectificationErrorCode.NotFound:
      case RectificationErrorCode.TaskNotFound:
      case RectificationErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      case RectificationErrorCode.NotAChild:
      case RectificationErrorCode.InvalidDate:
      case RectificationErrorCode.OutsideConcentratedPeriod:
      case RectificationErrorCode.StagesRequired:
        return ErrorKind.BadInput;
      case RectificationErrorCode.InvalidTransition:
      case RectificationErrorCode.TaskDone:
      case RectificationErrorCode.StagesOpen:
      case RectificationErrorCode.ReviewIncomplete:
      case RectificationErrorCode.PeriodNotOver:
      case RectificationErrorCode.AlreadyFiled:
        return ErrorKind.Conflict;
      case RectificationErrorCode.NotSupervising:
      case RectificationErrorCode.NotInspected:
        return ErrorKind.Forbidden;
      default:
        return assertUnreachable(this.code);
    }
  }
}
