import { AppError, ErrorKind, assertUnreachable } from '../errors/app-error';
import { registerErrorLabels } from '../labels/labels';

export enum FederationErrorCode {
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  UnknownNode = 'UNKNOWN_NODE',
  DeadLetterNotFound = 'DEAD_LETTER_NOT_FOUND',
  MessageTooLarge = 'MESSAGE_TOO_LARGE',
  NoRoute = 'NO_ROUTE',
  BadArgument = 'BAD_ARGUMENT',
}

registerErrorLabels(FederationErrorCode, {
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
  UNKNOWN_NODE: '节点不存在',
  DEAD_LETTER_NOT_FOUND: '死信记录不存在',
  MESSAGE_TOO_LARGE: '消息超过大小上限',
  NO_ROUTE: '消息无法沿层级逐级送达该节点',
  BAD_ARGUMENT: '参数不符合要求',
});

export class FederationException extends AppError<FederationErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case FederationErrorCode.NodeNotServedHere:
      case FederationErrorCode.UnknownNode:
      case FederationErrorCode.DeadLetterNotFound:
        return ErrorKind.NotFound;
      case FederationErrorCode.MessageTooLarge:
      case FederationErrorCode.NoRoute:
      case FederationErrorCode.BadArgument:
        return ErrorKind.BadInput;
      default:
        return assertUnreachable(this.code);
    }
  }
}
