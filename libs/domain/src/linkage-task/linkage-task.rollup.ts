import { TaskSummaryPayload } from '@app/federation';
import { RecipientState } from './linkage-task.enums';

export type TaskSummary = TaskSummaryPayload;

/** What one recipient adds to a roll-up: itself, and what its own assignments add up to. */
export interface UnitLike {
  taskId: string;
  recipientId: string;
  state: RecipientState;
  percent: number;
  deadline: Date;
  subtree: TaskSummary | null;
}

/** A nationwide task can have thousands of late units; the list is for reading, the count is exact. */
export const OVERDUE_LIST_LIMIT = 100;

export function emptySummary(): TaskSummary {
  return { units: 0, counts: {}, percentSum: 0, overdue: [] };
}

export function addSummaries(a: TaskSummary, b: TaskSummary): TaskSummary {
  const counts = { ...a.counts };
  for (const [state, n] of Object.entries(b.counts) as Array<[RecipientState, number]>) counts[state] = (counts[state] ?? 0) + n;
  return {
    units: a.units + b.units,
    counts,
    percentSum: a.percentSum + b.percentSum,
    overdue: [...a.overdue, ...b.overdue].slice(0, OVERDUE_LIST_LIMIT),
  };
}

export function unitSummary(unit: UnitLike): TaskSummary {
  const own: TaskSummary = {
    units: 1,
    counts: { [unit.state]: 1 },
    percentSum: unit.state === RecipientState.Cancelled ? 0 : unit.state === RecipientState.Completed ? 100 : unit.percent,
    overdue: unit.state === RecipientState.Overdue ? [{ taskId: unit.taskId, nodeId: unit.recipientId, deadline: unit.deadline.toISOString() }] : [],
  };
  return unit.subtree ? addSummaries(own, unit.subtree) : own;
}

/** The roll-up of a set of recipients (and everything decomposed below them). */
export function summarise(units: readonly UnitLike[]): TaskSummary {
  return units.reduce((sum, unit) => addSummaries(sum, unitSummary(unit)), emptySummary());
}

/** Mean percent complete over the units still expected to finish (cancelled ones are not). */
export function percentComplete(summary: TaskSummary): number {
  const active = summary.units - (summary.counts[RecipientState.Cancelled] ?? 0);
  return active > 0 ? Math.round(summary.percentSum / active) : 0;
}
