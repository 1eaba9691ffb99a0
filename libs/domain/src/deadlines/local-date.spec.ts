import { addCalendarMonths, isLocalDate, isOverdue, localDateOf, overdueFrom } from './local-date';

describe('calendar months in Asia/Shanghai', () => {
  it.each([
    ['2025-01-15', 3, '2025-04-15'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2023-11-30', 3, '2024-02-29'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-10-31', 3, '2026-01-31'],
    ['2025-12-31', 2, '2026-02-28'],
  ])('%s + %i months = %s (clamped at month end)', (from, months, expected) => {
    expect(addCalendarMonths(from, months)).toBe(expected);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => addCalendarMonths('2025-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarMonths('2025-2-3', 1)).toThrow(RangeError);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-13-01')).toBe(false);
    expect(isLocalDate(20250101)).toBe(false);
  });

  it('takes the Shanghai date of an instant, not the UTC one', () => {
    expect(localDateOf(new Date('2024-11-30T15:59:59Z'))).toBe('2024-11-30');
    expect(localDateOf(new Date('2024-11-30T16:00:00Z'))).toBe('2024-12-01');
    expect(localDateOf(new Date('2024-12-31T16:30:00Z'))).toBe('2025-01-01');
  });

  it('makes a deadline late from the midnight after its day, Shanghai time (16:00 UTC)', () => {
    expect(overdueFrom('2025-02-28').toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(isOverdue('2025-02-28', new Date('2025-02-28T15:59:59.999Z'))).toBe(false);
    expect(isOverdue('2025-02-28', new Date('2025-02-28T16:00:00.000Z'))).toBe(true);
  });
});
