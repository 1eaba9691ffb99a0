import { RecipientState } from './linkage-task.enums';
import { OVERDUE_LIST_LIMIT, UnitLike, addSummaries, emptySummary, percentComplete, summarise } from './linkage-task.rollup';

const deadline = new Date('2025-07-01T00:00:00Z');
const unit = (recipientId: string, state: RecipientState, percent = 0, subtree: UnitLike['subtree'] = null): UnitLike => ({
  taskId: 't1',
  recipientId,
  state,
  percent,
  deadline,
  subtree,
});

describe('linkage task roll-up', () => {
  it('counts recipients by state and averages percent complete', () => {
    const summary = summarise([unit('130102', RecipientState.Completed), unit('130104', RecipientState.InProgress, 50), unit('130202', RecipientState.Received)]);
    expect(summary.units).toBe(3);
    expect(summary.counts).toEqual({ completed: 1, in_progress: 1, received: 1 });
    expect(percentComplete(summary)).toBe(50);
  });

  it('lists overdue recipients with their deadline', () => {
    const summary = summarise([unit('130102', RecipientState.Overdue, 30)]);
    expect(summary.overdue).toEqual([{ taskId: 't1', nodeId: '130102', deadline: deadline.toISOString() }]);
    expect(percentComplete(summary)).toBe(30);
  });

  it('leaves cancelled recipients out of percent complete', () => {
    const summary = summarise([unit('130102', RecipientState.Completed), unit('130104', RecipientState.Cancelled)]);
    expect(percentComplete(summary)).toBe(100);
    expect(percentComplete(summarise([unit('130104', RecipientState.Cancelled)]))).toBe(0);
  });

  it('adds what a recipient decomposed below it to its own unit', () => {
    const counties = summarise([unit('130102', RecipientState.Completed), unit('130104', RecipientState.Accepted)]);
    const province = summarise([unit('130000', RecipientState.InProgress, 20, counties)]);
    expect(province.units).toBe(3);
    expect(province.counts).toEqual({ in_progress: 1, completed: 1, accepted: 1 });
    expect(percentComplete(province)).toBe(40);
  });

  it('is additive, so each level can add its children’s reports', () => {
    const a = summarise([unit('1', RecipientState.Completed)]);
    const b = summarise([unit('2', RecipientState.Issued)]);
    expect(addSummaries(addSummaries(emptySummary(), a), b)).toEqual(summarise([unit('1', RecipientState.Completed), unit('2', RecipientState.Issued)]));
  });

  it('caps the overdue list but keeps the exact count', () => {
    const late = Array.from({ length: OVERDUE_LIST_LIMIT + 5 }, (_, i) => unit(String(i), RecipientState.Overdue));
    const summary = summarise(late);
    expect(summary.overdue).toHaveLength(OVERDUE_LIST_LIMIT);
    expect(summary.counts.overdue).toBe(OVERDUE_LIST_LIMIT + 5);
  });
});
