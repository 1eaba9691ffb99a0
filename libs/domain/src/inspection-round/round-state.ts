import { RoundState } from './inspection-round.enums';
import { RoundErrorCode, RoundException } from './inspection-round.exception';

export enum RoundAct {
  Amend = 'amend the plan',
  Arrange = 'arrange the teams',
  Station = 'station the teams',
  HearReport = 'hear the report',
  GiveFeedback = 'give feedback',
  ReopenItems = 'reopen rectification items',
  HandOver = 'hand over to rectification',
}

const { Planned, Stationed, ReportHeard, FeedbackGiven, HandedOver } = RoundState;

/** In which states each act is allowed and where it leads (feedback leads on once every target has it). */
const RULES: { readonly [A in RoundAct]: { from: readonly RoundState[]; to?: RoundState } } = {
  [RoundAct.Amend]: { from: [Planned] },
  [RoundAct.Arrange]: { from: [Planned] },
  [RoundAct.Station]: { from: [Planned], to: Stationed },
  [RoundAct.HearReport]: { from: [Stationed], to: ReportHeard },
  [RoundAct.GiveFeedback]: { from: [ReportHeard], to: FeedbackGiven },
  [RoundAct.ReopenItems]: { from: [ReportHeard, FeedbackGiven] },
  [RoundAct.HandOver]: { from: [FeedbackGiven], to: HandedOver },
};

/** The one place that decides what a round may do next; returns the state after the act. */
export function roundAfter(state: RoundState, act: RoundAct): RoundState {
  const rule = RULES[act];
  if (!rule.from.includes(state)) {
    throw new RoundException(RoundErrorCode.InvalidTransition, `cannot ${act} while the round is ${state} (only when ${rule.from.join(' or ')})`);
  }
  return rule.to ?? state;
}

/** Dates of a round's steps follow each other and none lies in the future. */
export function assertStepDate(date: string, notBefore: string | null, today: string, what: string): void {
  if (date > today) throw new RoundException(RoundErrorCode.InvalidDate, `${what} ${date} lies in the future`);
  if (notBefore && date < notBefore) throw new RoundException(RoundErrorCode.InvalidDate, `${what} ${date} is before the previous step (${notBefore})`);
}
