import { registerLabelledEnum } from '@app/federation';

/** What a roll-up counts; the keys under each are the states of that record (never content). */
export enum AnalyticsKind {
  /** Linkage-task units by recipient state (issued … completed, overdue, cancelled). */
  LinkageTask = 'linkage_task',
  /** Filings: on_time, late, pending. */
  Filing = 'filing',
  /** Rectification items (tracked deadlines of rectifications): open (due), overdue, met, cancelled. */
  Rectification = 'rectification',
  /** Problem clues by disposal status. */
  Clue = 'clue',
  /** 全覆盖 per term (the period is the term): organisations, inspected. */
  Coverage = 'coverage',
}

registerLabelledEnum(AnalyticsKind, {
  name: 'AnalyticsKind',
  labels: { linkage_task: '联动任务', filing: '报备', rectification: '整改', clue: '问题线索', coverage: '全覆盖' },
});

export const ANALYTICS_KINDS: readonly AnalyticsKind[] = Object.values(AnalyticsKind);
