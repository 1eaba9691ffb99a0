import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum AnalyticsErrorCode {
  TierAboveRegion = 'TIER_ABOVE_REGION',
  BadPeriod = 'BAD_PERIOD',
}

registerErrorLabels(AnalyticsErrorCode, {
  TIER_ABOVE_REGION: '汇总层级不能高于所查询的区域',
  BAD_PERIOD: '统计期间无效，应为“年-月”（YYYY-MM）',
});

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
