import { RoundState } from './inspection-round.enums';
import { RoundErrorCode, RoundException } from './inspection-round.exception';
import { RoundAct, assertStepDate, roundAfter } from './round-state';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as RoundException).code;
  }
  return undefined;
};

describe('round lifecycle', () => {
  it('goes planned → stationed → report heard → feedback given → handed over', () => {
    let state = RoundState.Planned;
    for (const act of [RoundAct.Station, RoundAct.HearReport, RoundAct.GiveFeedback, RoundAct.HandOver]) state = roundAfter(state, act);
    expect(state).toBe(RoundState.HandedOver);
  });

  it('arranges teams and amends the plan only before the teams arrive', () => {
    expect(roundAfter(RoundState.Planned, RoundAct.Arrange)).toBe(RoundState.Planned);
    expect(codeOf(() => roundAfter(RoundState.Stationed, RoundAct.Arrange))).toBe(RoundErrorCode.InvalidTransition);
    expect(codeOf(() => roundAfter(RoundState.Stationed, RoundAct.Amend))).toBe(RoundErrorCode.InvalidTransition);
  });

  it('skips no step and goes back to none', () => {
    expect(codeOf(() => roundAfter(RoundState.Planned, RoundAct.HearReport))).toBe(RoundErrorCode.InvalidTransition);
    expect(codeOf(() => roundAfter(RoundState.Stationed, RoundAct.GiveFeedback))).toBe(RoundErrorCode.InvalidTransition);
    expect(codeOf(() => roundAfter(RoundState.HandedOver, RoundAct.Station))).toBe(RoundErrorCode.InvalidTransition);
  });

  it('reopens rectification items once the report is heard, before the hand-over', () => {
    expect(roundAfter(RoundState.ReportHeard, RoundAct.ReopenItems)).toBe(RoundState.ReportHeard);
    expect(roundAfter(RoundState.FeedbackGiven, RoundAct.ReopenItems)).toBe(RoundState.FeedbackGiven);
    expect(codeOf(() => roundAfter(RoundState.HandedOver, RoundAct.ReopenItems))).toBe(RoundErrorCode.InvalidTransition);
  });

  it('dates each step on or after the previous one and never in the future', () => {
    expect(() => assertStepDate('2026-03-01', '2026-02-01', '2026-03-01', 'x')).not.toThrow();
    expect(codeOf(() => assertStepDate('2026-03-02', null, '2026-03-01', 'x'))).toBe(RoundErrorCode.InvalidDate);
    expect(codeOf(() => assertStepDate('2026-01-31', '2026-02-01', '2026-03-01', 'x'))).toBe(RoundErrorCode.InvalidDate);
  });
});
