import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum RoundErrorCode {
  NotFound = 'ROUND_NOT_FOUND',
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  NotArranging = 'NOT_THE_ARRANGING_NODE',
  OrdinalTaken = 'ROUND_ORDINAL_TAKEN',
  InvalidDate = 'INVALID_DATE',
  InvalidTarget = 'INVALID_ROUND_TARGET',
  NotInspector = 'NOT_THE_INSPECTING_NODE',
  InvalidTeam = 'INVALID_ROUND_TEAM',
  InvalidTransition = 'INVALID_ROUND_TRANSITION',
  ArrangementLocked = 'ROUND_ARRANGEMENT_LOCKED',
  InvalidLookBack = 'INVALID_LOOK_BACK',
}

registerErrorLabels(RoundErrorCode, {
  ROUND_NOT_FOUND: '巡视巡察轮次不存在',
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  NOT_THE_ARRANGING_NODE: '只有组织实施该轮次的层级可以办理',
  ROUND_ORDINAL_TAKEN: '本年度已有该轮次',
  INVALID_DATE: '日期无效',
  INVALID_ROUND_TARGET: '巡视巡察对象不符合要求',
  NOT_THE_INSPECTING_NODE: '该党组织不属于本级巡视巡察范围（按管理权限）',
  INVALID_ROUND_TEAM: '巡视巡察组安排不符合要求',
  INVALID_ROUND_TRANSITION: '轮次当前所处阶段不允许此操作',
  ROUND_ARRANGEMENT_LOCKED: '轮次安排已报备，上级退回后方可修改',
  INVALID_LOOK_BACK: '“回头看”须指明此前轮次及其整改事项',
});

export class RoundException extends AppError<RoundErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case RoundErrorCode.NotFound:
      case RoundErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      case RoundErrorCode.InvalidDate:
      case RoundErrorCode.InvalidTarget:
      case RoundErrorCode.InvalidTeam:
      case RoundErrorCode.InvalidLookBack:
        return ErrorKind.BadInput;
      case RoundErrorCode.NotArranging:
      case RoundErrorCode.NotInspector:
        return ErrorKind.Forbidden;
      case RoundErrorCode.OrdinalTaken:
      case RoundErrorCode.InvalidTransition:
      case RoundErrorCode.ArrangementLocked:
        return ErrorKind.Conflict;
      default:
        return assertUnreachable(this.code);
    }
  }
}
