import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum AuditErrorCode {
  BadCursor = 'BAD_CURSOR',
}

registerErrorLabels(AuditErrorCode, {
  BAD_CURSOR: '分页位置无效，请从第一页重新查询',
});

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
