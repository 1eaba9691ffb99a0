import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum DeadlineErrorCode {
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
}

export class DeadlineException extends AppError<DeadlineErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case DeadlineErrorCode.NodeNotServedHere:
        return ErrorKind.NotFound;
      default:
        return assertUnreachable(this.code);
    }
  }
}
