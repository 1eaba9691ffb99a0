import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

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

registerErrorLabels(FilingErrorCode, {
  FILING_NOT_FOUND: '报备事项不存在',
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  NO_CHILDREN: '本级没有下级，无法要求报备',
  INVALID_DUE_DATE: '报送期限无效',
  INVALID_FILING_TRANSITION: '报备当前状态不允许此操作',
  FILING_LOCKED: '已备案的内容不能修改',
  CHILDREN_NOT_ACCEPTED: '下级的报备尚未全部备案，暂不能汇总报送',
  CONSOLIDATED_FILING_LOCKED: '上级汇总报备已备案，不能再修改',
  NOT_THE_FILER: '只有报送单位可以办理此事项',
  NOT_THE_REVIEWER: '只有审核单位可以办理此事项',
  INVALID_MUST_ACT: '指定的整改办理单位无效：只能是报送单位或其下级（仅限汇总报备）',
});

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
