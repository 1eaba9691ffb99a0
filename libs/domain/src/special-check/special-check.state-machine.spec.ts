import { SpecialCheckState } from './special-check.enums';
import { SpecialCheckErrorCode, SpecialCheckException } from './special-check.exception';
import { nextCheckState } from './special-check.state-machine';

const S = SpecialCheckState;
const selfCheck = { kind: 'self_check_reported', report: 'r' } as const;
const require = { kind: 'rectification_required', findings: 'f', requirements: 'q', dueDate: '2025-09-01T00:00:00Z' } as const;
const progress = { kind: 'rectification_reported', report: 'p' } as const;
const accept = { kind: 'reviewed', verdict: 'accepted', reasons: '' } as const;
const giveBack = { kind: 'reviewed', verdict: 'returned', reasons: 'incomplete' } as const;

describe('special check', () => {
  it('goes notice → self-check → requirements → rectification report → accepted', () => {
    let state: SpecialCheckState = S.Notified;
    state = nextCheckState(state, selfCheck, 'checked');
    state = nextCheckState(state, require, 'checker');
    state = nextCheckState(state, progress, 'checked');
    expect(nextCheckState(state, accept, 'checker')).toBe(S.Accepted);
  });

  it('returns a report with reasons, and takes it again', () => {
    let state = nextCheckState(S.RectificationReported, giveBack, 'checker');
    expect(state).toBe(S.Returned);
    state = nextCheckState(state, progress, 'checked');
    expect(state).toBe(S.RectificationReported);
  });

  it.each([
    [S.Notified, require, 'checker'],
    [S.Notified, progress, 'checked'],
    [S.SelfChecked, accept, 'checker'],
    [S.Accepted, progress, 'checked'],
    [S.Accepted, giveBack, 'checker'],
  ] as const)('refuses from %s the step %j', (state, step, actor) => {
    expect(() => nextCheckState(state, step, actor)).toThrow(SpecialCheckException);
  });

  it('refuses a review sent by the checked node', () => {
    try {
      nextCheckState(S.RectificationReported, accept, 'checked');
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as SpecialCheckException).code).toBe(SpecialCheckErrorCode.IllegalStep);
    }
  });
});
