import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum DeadlineErrorCode {
  NodeNotServedHere = 'NODE_NOT_SERVED_HERE',
}

registerErrorLabels(DeadlineErrorCode, {
  NODE_NOT_SERVED_HERE: '该节点不由本平台服务，请到该节点所在的平台办理',
});

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
