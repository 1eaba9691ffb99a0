import { SupervisionState, SupervisionStepKind } from './supervision-team.enums';
import { SupervisionTeamErrorCode, SupervisionTeamException } from './supervision-team.exception';
import { nextSupervisionState } from './supervision-team.state-machine';

const S = SupervisionState;
const K = SupervisionStepKind;

describe('supervision team visit', () => {
  it('runs dispatched → acknowledged → materials → rectification required → responded, and round again', () => {
    let state: SupervisionState = S.Dispatched;
    state = nextSupervisionState(state, K.Acknowledged, 'visited');
    state = nextSupervisionState(state, K.MaterialsProvided, 'visited');
    state = nextSupervisionState(state, K.MaterialsProvided, 'visited');
    state = nextSupervisionState(state, K.RectificationRequired, 'dispatcher');
    state = nextSupervisionState(state, K.RectificationResponded, 'visited');
    expect(state).toBe(S.Responded);
    expect(nextSupervisionState(state, K.RectificationRequired, 'dispatcher')).toBe(S.RectificationRequired);
  });

  it.each([
    [S.Dispatched, K.MaterialsProvided, 'visited'],
    [S.Dispatched, K.RectificationRequired, 'dispatcher'],
    [S.Acknowledged, K.RectificationResponded, 'visited'],
    [S.Acknowledged, K.Acknowledged, 'visited'],
  ] as const)('refuses %s → %s', (state, kind, actor) => {
    expect(() => nextSupervisionState(state, kind, actor)).toThrow(SupervisionTeamException);
  });

  it('refuses a step from the wrong side', () => {
    try {
      nextSupervisionState(S.Acknowledged, K.RectificationRequired, 'visited');
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as SupervisionTeamException).code).toBe(SupervisionTeamErrorCode.IllegalStep);
    }
  });
});
