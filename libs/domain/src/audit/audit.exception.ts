import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum AuditErrorCode {
  BadCursor = 'BAD_CURSOR',
}

export class AuditException extends AppError<AuditErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case AuditErrorCode.BadCursor:
        return ErrorKind.BadInput;
      default:
        return assertUnreachable(this.code);
    }
  }
}
