import { z } from 'zod';
import { defineMessage, instant, localDate, nodeId, PayloadOf, revision, text, uuid } from './contract';

/** What a node owes by a date (rectification steps of seed 000, filings due with the parent, reports a special check or a supervision team asks for). */
export const DEADLINE_KINDS = [
  'filing',
  'rectification_task',
  'rectification_stage',
  'democratic_life_meeting',
  'progress_report',
  'publication',
  'supervision_report_discipline',
  'supervision_report_organization',
  'special_check_self_check',
  'special_check_rectification',
  'supervision_team_rectification',
] as const;
export const DEADLINE_STATUSES = ['open', 'overdue', 'met', 'cancelled'] as const;
export type DeadlineKindName = (typeof DEADLINE_KINDS)[number];
export type DeadlineStatusName = (typeof DEADLINE_STATUSES)[number];

/**
 * The state of one obligation, sent by the node that owes it towards central. Every level on the way
 * keeps a copy (its subtree's due and overdue work); the owner's parent, which supervises it, records
 * an alert when the status is overdue.
 */
export const DeadlineStatus = defineMessage('deadline.status', {
  // 2: the kinds of special checks and supervision teams, which a receiver of version 1 refuses.
  version: 2,
  direction: 'up',
  payload: z.object({
    deadlineId: uuid,
    /** Grows with every change at the owner; a copy ignores anything not newer than what it holds. */
    revision,
    ownerNodeId: nodeId,
    kind: z.enum(DEADLINE_KINDS),
    /** The filing or rectification the obligation belongs to. */
    recordId: uuid,
    /** What exactly is owed: the record itself, or one of its parts (a task, a stage). */
    subjectId: uuid,
    title: text(2_000, 1),
    /** Last day on time, Asia/Shanghai (YYYY-MM-DD). */
    dueOn: localDate,
    status: z.enum(DEADLINE_STATUSES),
    overdueAt: instant.nullable(),
    metAt: instant.nullable(),
    /** The level that supervises it when that is not the owner's parent (提级巡视: the province); it is alerted too. */
    supervisingNodeId: nodeId.nullable().optional(),
  }),
});

export type DeadlineStatusPayload = PayloadOf<typeof DeadlineStatus>;
