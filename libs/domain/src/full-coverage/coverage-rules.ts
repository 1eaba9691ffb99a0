import { DateTime } from 'luxon';
import { DEADLINE_ZONE } from '../deadlines/local-date';

export interface Tally {
  organisations: number;
  inspected: number;
  scheduled: number;
}

export interface TermSpan {
  label: string;
  startsOn: string;
  endsOn: string;
}

/** A term's label names its years, 2021-2026. */
export const TERM = /^\d{4}-\d{4}$/;

/** Whole days from `today` to the last day of the term (0 on that day, negative once it is over). */
export function daysLeft(endsOn: string, today: string): number {
  return Math.round(DateTime.fromISO(endsOn, { zone: DEADLINE_ZONE }).diff(DateTime.fromISO(today, { zone: DEADLINE_ZONE }), 'days').days);
}

/**
 * Organisations neither inspected nor scheduled while fewer than `warningDays` are left in the term:
 * they cannot wait any longer for a round, so the count is raised upward. None before the window
 * opens, and none once the term is over (what was missed is then simply not covered).
 */
export function atRisk(tally: Tally, endsOn: string, today: string, warningDays: number): number {
  const left = daysLeft(endsOn, today);
  if (left < 0 || left >= warningDays) return 0;
  return Math.max(0, tally.organisations - tally.inspected - tally.scheduled);
}

/** inspected ÷ organisations, or null with nothing to cover. */
export function coverageRate(tally: Pick<Tally, 'organisations' | 'inspected'>): number | null {
  return tally.organisations === 0 ? null : tally.inspected / tally.organisations;
}

/** Why a term cannot be defined next to the node's others, or null when it can. */
export function termProblem(term: TermSpan, others: readonly TermSpan[]): string | null {
  if (!TERM.test(term.label)) return `term ${term.label} must look like 2021-2026`;
  if (term.startsOn >= term.endsOn) return `the term must start (${term.startsOn}) before it ends (${term.endsOn})`;
  const [from, to] = term.label.split('-').map(Number);
  if (Number(term.startsOn.slice(0, 4)) !== from || Number(term.endsOn.slice(0, 4)) > to || to <= from) return `the dates ${term.startsOn}–${term.endsOn} do not fit the label ${term.label}`;
  const overlap = others.find((other) => other.label !== term.label && other.startsOn <= term.endsOn && term.startsOn <= other.endsOn);
  return overlap ? `the term overlaps ${overlap.label} (${overlap.startsOn}–${overlap.endsOn})` : null;
}
