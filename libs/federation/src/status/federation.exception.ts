import { AppError, ErrorKind, assertUnreachable } from '../errors/app-error';

export enum FederationErrorCode {
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
  UnknownNode = 'UNKNOWN_NODE',
  DeadLetterNotFound = 'DEAD_LETTER_NOT_FOUND',
  MessageTooLarge = 'MESSAGE_TOO_LARGE',
  NoRoute = 'NO_ROUTE',
  BadArgument = 'BAD_ARGUMENT',
}

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
