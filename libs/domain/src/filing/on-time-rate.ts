import { LocalDate, overdueFrom } from '../deadlines/local-date';

export interface FilingTiming {
  dueOn: LocalDate;
  firstSubmittedAt: Date | null;
}

export interface OnTimeRate {
  /** Filings whose day has come: submitted, or still missing after their due date. */
  counted: number;
  onTime: number;
  /** onTime / counted, or null when nothing has fallen due. */
  rate: number | null;
}

/**
 * A filing counts as on time when its first version reached the reviewer by the end of its due day
 * (Asia/Shanghai); a resubmission after a return does not make it late. Filings not yet due and not
 * yet submitted are left out.
 */
export function onTimeRate(filings: readonly FilingTiming[], now: Date): OnTimeRate {
  let counted = 0;
  let onTime = 0;
  for (const filing of filings) {
    const lateFrom = overdueFrom(filing.dueOn).getTime();
    if (filing.firstSubmittedAt) {
      counted++;
      if (filing.firstSubmittedAt.getTime() < lateFrom) onTime++;
    } else if (now.getTime() >= lateFrom) {
      counted++;
    }
  }
  return { counted, onTime, rate: counted === 0 ? null : onTime / counted };
}
