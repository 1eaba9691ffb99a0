import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

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
  OrganisationActs = 'ORGANISATION_ACTS_ITSELF',
}

registerErrorLabels(RectificationErrorCode, {
  RECTIFICATION_NOT_FOUND: '整改事项不存在',
  TASK_NOT_FOUND: '任务不存在',
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  NOT_A_CHILD: '只能对直接下级开展',
  INVALID_DATE: '日期无效',
  OUTSIDE_CONCENTRATED_PERIOD: '日期不在集中整改期内',
  STAGES_REQUIRED: '长期整改任务须分阶段明确目标',
  INVALID_RECTIFICATION_TRANSITION: '整改当前所处阶段不允许此操作',
  TASK_ALREADY_DONE: '该整改任务已完成',
  STAGES_OPEN: '尚有阶段目标未完成',
  REVIEW_INCOMPLETE: '审核意见尚不完整：须综合纪检监察机关、组织部门和巡视巡察机构的意见',
  CONCENTRATED_PERIOD_NOT_OVER: '集中整改期尚未结束',
  ALREADY_FILED: '已经报送过',
  NOT_THE_SUPERVISING_LEVEL: '只有派出巡视巡察组的层级可以办理此事项',
  NOT_THE_INSPECTED_NODE: '只有被巡视巡察的单位可以办理此事项',
  ORGANISATION_ACTS_ITSELF: '该党组织没有本级平台节点，整改事项由其本单位账号办理',
});

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
      case RectificationErrorCode.OrganisationActs:
        return ErrorKind.Forbidden;
      default:
        return assertUnreachable(this.code);
    }
  }
}
