import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum CoverageErrorCode {
  NotServed = 'NODE_NOT_SERVED_HERE',
  UnknownOrganisation = 'UNKNOWN_ORGANISATION',
}

registerErrorLabels(CoverageErrorCode, {
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  UNKNOWN_ORGANISATION: '党组织不存在',
});

export class CoverageException extends AppError<CoverageErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case CoverageErrorCode.NotServed:
        return ErrorKind.BadInput;
      case CoverageErrorCode.UnknownOrganisation:
        return ErrorKind.NotFound;
      default:
        return assertUnreachable(this.code);
    }
  }
}
