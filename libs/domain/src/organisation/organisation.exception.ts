import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum OrganisationErrorCode {
  NotFound = 'ORGANISATION_NOT_FOUND',
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  InvalidRow = 'INVALID_ORGANISATION',
  Duplicate = 'DUPLICATE_ORGANISATION',
  NotOwn = 'NOT_OWN_ORGANISATION',
}

registerErrorLabels(OrganisationErrorCode, {
  ORGANISATION_NOT_FOUND: '党组织不存在',
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  INVALID_ORGANISATION: '党组织信息有误',
  DUPLICATE_ORGANISATION: '本级名册中已有同名或同代码的党组织',
  NOT_OWN_ORGANISATION: '只能维护本级负责巡视巡察的党组织',
});

export class OrganisationException extends AppError<OrganisationErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case OrganisationErrorCode.NotFound:
      case OrganisationErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      case OrganisationErrorCode.InvalidRow:
        return ErrorKind.BadInput;
      case OrganisationErrorCode.Duplicate:
        return ErrorKind.Conflict;
      case OrganisationErrorCode.NotOwn:
        return ErrorKind.Forbidden;
      default:
        return assertUnreachable(this.code);
    }
  }
}
