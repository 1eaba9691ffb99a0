import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

/** Refusals shared by every downward flow: whom work may be addressed to, where data lives, paging. */
export enum CommonErrorCode {
  CannotIssue = 'CANNOT_ISSUE',
  ScopeMissing = 'SCOPE_MISSING',
  ScopeAmbiguous = 'SCOPE_AMBIGUOUS',
  ScopeEmpty = 'SCOPE_EMPTY',
  UnknownNode = 'UNKNOWN_NODE',
  OutsideSubtree = 'OUTSIDE_SUBTREE',
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  BadCursor = 'BAD_CURSOR',
}

registerErrorLabels(CommonErrorCode, {
  CANNOT_ISSUE: '本级没有下级，无法下达',
  SCOPE_MISSING: '请选择范围：具体单位、某一层级或全部下级',
  SCOPE_AMBIGUOUS: '范围只能按具体单位、层级或全部下级三选一，且单位数量不能超过上限',
  SCOPE_EMPTY: '所选范围内没有单位',
  UNKNOWN_NODE: '节点不存在',
  OUTSIDE_SUBTREE: '所选单位不在本级管辖范围内',
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  BAD_CURSOR: '分页位置无效，请从第一页重新查询',
});

export class CommonException extends AppError<CommonErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case CommonErrorCode.CannotIssue:
        return ErrorKind.Forbidden;
      case CommonErrorCode.ScopeMissing:
      case CommonErrorCode.ScopeAmbiguous:
      case CommonErrorCode.ScopeEmpty:
      case CommonErrorCode.UnknownNode:
      case CommonErrorCode.OutsideSubtree:
      case CommonErrorCode.BadCursor:
        return ErrorKind.BadInput;
      case CommonErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      default:
        return assertUnreachable(this.code);
    }
  }
}
