import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum ClueErrorCode {
  NotFound = 'CLUE_NOT_FOUND',
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  InvalidTransition = 'INVALID_CLUE_TRANSITION',
  NotOrigin = 'NOT_THE_ORIGIN',
  NotHolder = 'NOT_THE_HOLDER',
  ContentRestricted = 'CLUE_CONTENT_RESTRICTED',
}

registerErrorLabels(ClueErrorCode, {
  CLUE_NOT_FOUND: '问题线索不存在',
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  INVALID_CLUE_TRANSITION: '问题线索当前状态不允许此处置',
  NOT_THE_ORIGIN: '只有登记该线索的层级可以办理此事项',
  NOT_THE_HOLDER: '只有持有该线索的纪检监察机关可以办理此事项',
  CLUE_CONTENT_RESTRICTED: '问题线索内容仅限纪检监察机关查阅',
});

export class ClueException extends AppError<ClueErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case ClueErrorCode.NotFound:
      case ClueErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      case ClueErrorCode.InvalidTransition:
        return ErrorKind.Conflict;
      case ClueErrorCode.NotOrigin:
      case ClueErrorCode.NotHolder:
      case ClueErrorCode.ContentRestricted:
        return ErrorKind.Forbidden;
      default:
        return assertUnreachable(this.code);
    }
  }
}
