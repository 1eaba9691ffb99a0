import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum OutcomeErrorCode {
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  DuplicateCategory = 'DUPLICATE_CATEGORY',
  NoProblems = 'NO_PROBLEMS',
  NotCommon = 'NOT_A_COMMON_PROBLEM',
}

registerErrorLabels(OutcomeErrorCode, {
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  DUPLICATE_CATEGORY: '同一问题类别只能出现一次',
  NO_PROBLEMS: '请至少填写一类问题',
  NOT_A_COMMON_PROBLEM: '报告该类问题的下级数量不足，尚不构成共性问题',
});

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
