/** What a node owes by a date (rectification steps of seed 000, filings due with the parent). */
export type DeadlineKindName =
  | 'filing'
  | 'rectification_task'
  | 'rectification_stage'
  | 'democratic_life_meeting'
  | 'progress_report'
  | 'publication'
  | 'supervision_report_discipline'
  | 'supervision_report_organization';

export type DeadlineStatusName = 'open' | 'overdue' | 'met' | 'cancelled';

/**
 * The state of one obligation, sent by the node that owes it towards central. Every level on the way
 * keeps a copy (its subtree's due and overdue work); the owner's parent, which supervises it, records
 * an alert when the status is overdue.
 */
export interface DeadlineStatusPayload {
  deadlineId: string;
  /** Grows with every change at the owner; a copy ignores anything not newer than what it holds. */
  revision: number;
  ownerNodeId: string;
  kind: DeadlineKindName;
  /** The filing or rectification the obligation belongs to. */
  recordId: string;
  /** What exactly is owed: the record itself, or one of its parts (a task, a stage). */
  subjectId: string;
  title: string;
  /** Last day on time, Asia/Shanghai (YYYY-MM-DD). */
  dueOn: string;
  status: DeadlineStatusName;
  overdueAt: string | null;
  metAt: string | null;
}
