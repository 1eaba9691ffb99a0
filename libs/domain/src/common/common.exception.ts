import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

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
