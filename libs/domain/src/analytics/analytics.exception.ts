import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum AnalyticsErrorCode {
  TierAboveRegion = 'TIER_ABOVE_REGION',
  BadPeriod = 'BAD_PERIOD',
}

export class AnalyticsException extends AppError<AnalyticsErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case AnalyticsErrorCode.TierAboveRegion:
      case AnalyticsErrorCode.BadPeriod:
        return ErrorKind.BadInput;
      default:
        return assertUnreachable(this.code);
    }
  }
}
