import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum CoverageErrorCode {
  NotServed = 'NODE_NOT_SERVED_HERE',
  UnknownOrganisation = 'UNKNOWN_ORGANISATION',
}

export class CoverageException extends AppError<CoverageErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case CoverageErrorCode.NotServed:
        return ErrorKind.BadInput;
      case CoverageErrorCode.UnknownOrganisation:
        return ErrorKind.NotFound;
      default:
        return assertUnreachable(this.code);
    }
  }
}
