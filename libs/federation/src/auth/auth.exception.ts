import { AppError, ErrorKind, assertUnreachable } from '../errors/app-error';
import { registerErrorLabels } from '../labels/labels';

export enum AuthErrorCode {
  MissingToken = 'MISSING_TOKEN',
  InvalidToken = 'INVALID_TOKEN',
  ExpiredToken = 'EXPIRED_TOKEN',
  NodeNotServedHere = 'CALLER_NODE_NOT_SERVED_HERE',
  OutsideJurisdiction = 'OUTSIDE_JURISDICTION',
  RoleRequired = 'ROLE_REQUIRED',
  NotActingNode = 'NOT_ACTING_NODE',
  OrganisationScoped = 'ORGANISATION_SCOPED',
}

registerErrorLabels(AuthErrorCode, {
  MISSING_TOKEN: '尚未登录，请先登录',
  INVALID_TOKEN: '登录凭证无效，请重新登录',
  EXPIRED_TOKEN: '登录已过期，请重新登录',
  CALLER_NODE_NOT_SERVED_HERE: '您所在的节点不由本平台服务，请登录本节点的平台',
  OUTSIDE_JURISDICTION: '超出本级管辖范围：只能查看本级及所辖下级的数据',
  ROLE_REQUIRED: '您的角色无权进行此操作',
  NOT_ACTING_NODE: '只能以本节点的名义办理',
  ORGANISATION_SCOPED: '您的账号只能办理和查看本党组织的事项',
});

export class AuthException extends AppError<AuthErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case AuthErrorCode.MissingToken:
      case AuthErrorCode.InvalidToken:
      case AuthErrorCode.ExpiredToken:
        return ErrorKind.Unauthenticated;
      case AuthErrorCode.NodeNotServedHere:
      case AuthErrorCode.OutsideJurisdiction:
      case AuthErrorCode.RoleRequired:
      case AuthErrorCode.NotActingNode:
      case AuthErrorCode.OrganisationScoped:
        return ErrorKind.Forbidden;
      default:
        return assertUnreachable(this.code);
    }
  }
}
