import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum CoverageErrorCode {
  NotServed = 'NODE_NOT_SERVED_HERE',
  UnknownTerm = 'UNKNOWN_TERM',
  InvalidTerm = 'INVALID_TERM',
}

registerErrorLabels(CoverageErrorCode, {
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  UNKNOWN_TERM: '本级没有该届次',
  INVALID_TERM: '届次无效：名称应为“起始年-结束年”，日期须在其内，且不能与本级其他届次重叠',
});

export class CoverageException extends AppError<CoverageErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case CoverageErrorCode.NotServed:
      case CoverageErrorCode.UnknownTerm:
        return ErrorKind.NotFound;
      case CoverageErrorCode.InvalidTerm:
        return ErrorKind.BadInput;
      default:
        return assertUnreachable(this.code);
    }
  }
}
