import { AppError, ErrorKind, assertUnreachable } from '../errors/app-error';

export enum AuthErrorCode {
  MissingToken = 'MISSING_TOKEN',
  InvalidToken = 'INVALID_TOKEN',
  ExpiredToken = 'EXPIRED_TOKEN',
  NodeNotServedHere = 'CALLER_NODE_NOT_SERVED_HERE',
  OutsideJurisdiction = 'OUTSIDE_JURISDICTION',
  RoleRequired = 'ROLE_REQUIRED',
  NotActingNode = 'NOT_ACTING_NODE',
}

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
        return ErrorKind.Forbidden;
      default:
        return assertUnreachable(this.code);
    }
  }
}
