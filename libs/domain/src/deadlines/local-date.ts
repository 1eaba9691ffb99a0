import { DateTime } from 'luxon';

/** Deadlines of the seeds are counted in the calendar of the offices that keep them. */
export const DEADLINE_ZONE = 'Asia/Shanghai';

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string;

const SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && SHAPE.test(value) && DateTime.fromISO(value, { zone: DEADLINE_ZONE }).isValid;
}

function parse(date: LocalDate): DateTime {
  const parsed = DateTime.fromISO(date, { zone: DEADLINE_ZONE });
  if (!SHAPE.test(date) || !parsed.isValid) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parsed;
}

/** The date an instant falls on in Asia/Shanghai (16:30 UTC on 30 Nov is already 1 Dec there). */
export function localDateOf(instant: Date): LocalDate {
  return DateTime.fromJSDate(instant, { zone: DEADLINE_ZONE }).toISODate()!;
}

/**
 * Calendar-month arithmetic clamped at month end: 31 Jan + 1 month = 28 (29) Feb, 30 Nov + 3 months
 * = 28 (29) Feb. "Within 3 months of X" means on or before this date.
 */
export function addCalendarMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be a whole number, got ${months}`);
  return parse(date).plus({ months }).toISODate()!;
}

/** The first instant at which something due on `date` is late: midnight after it, Asia/Shanghai. */
export function overdueFrom(date: LocalDate): Date {
  return parse(date).plus({ days: 1 }).startOf('day').toJSDate();
}

export function isOverdue(dueOn: LocalDate, now: Date): boolean {
  return now.getTime() >= overdueFrom(dueOn).getTime();
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return parse(a).toMillis() - parse(b).toMillis();
}
