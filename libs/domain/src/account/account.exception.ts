import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum AccountErrorCode {
  /** Unknown username or wrong password: one answer, so that a guess learns nothing about which. */
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Locked = 'ACCOUNT_LOCKED',
  Disabled = 'ACCOUNT_DISABLED',
  NotAnAccount = 'NOT_AN_ACCOUNT',
  NotFound = 'ACCOUNT_NOT_FOUND',
  UsernameTaken = 'USERNAME_TAKEN',
  OwnAccount = 'OWN_ACCOUNT_PROTECTED',
  WrongCurrentPassword = 'WRONG_CURRENT_PASSWORD',
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  OrganisationScope = 'ACCOUNT_ORGANISATION_SCOPE',
}

registerErrorLabels(AccountErrorCode, {
  INVALID_CREDENTIALS: '用户名或密码错误',
  ACCOUNT_LOCKED: '密码连续输错次数过多，账号已暂时锁定，请稍后再试或联系本单位系统管理员',
  ACCOUNT_DISABLED: '账号已停用，请联系本单位系统管理员',
  NOT_AN_ACCOUNT: '当前凭证不是账号登录取得的，不能续期',
  ACCOUNT_NOT_FOUND: '账号不存在',
  USERNAME_TAKEN: '用户名已被使用',
  OWN_ACCOUNT_PROTECTED: '不能停用自己的账号，也不能取消自己的系统管理员角色',
  WRONG_CURRENT_PASSWORD: '当前密码不正确',
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  ACCOUNT_ORGANISATION_SCOPE: '党组织账号须且只能有“被巡视巡察党组织”角色，并指定本级名册中在本平台办理整改的党组织',
});

export class AccountException extends AppError<AccountErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case AccountErrorCode.InvalidCredentials:
      case AccountErrorCode.NotAnAccount:
        return ErrorKind.Unauthenticated;
      case AccountErrorCode.Locked:
      case AccountErrorCode.Disabled:
        return ErrorKind.Forbidden;
      case AccountErrorCode.NotFound:
      case AccountErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      case AccountErrorCode.UsernameTaken:
      case AccountErrorCode.OwnAccount:
        return ErrorKind.Conflict;
      case AccountErrorCode.WrongCurrentPassword:
      case AccountErrorCode.OrganisationScope:
        return ErrorKind.BadInput;
      default:
        return assertUnreachable(this.code);
    }
  }
}
