import { StepActor, SupervisionState, SupervisionStepKind } from './supervision-team.enums';
import { SupervisionTeamErrorCode, SupervisionTeamException } from './supervision-team.exception';

interface Rule {
  actor: StepActor;
  from: readonly SupervisionState[];
  to: SupervisionState;
}

/**
 * A visited node acknowledges the team and provides materials (as often as asked); the dispatching
 * level records findings and requires rectification; the visited node responds, and may be asked again.
 */
const RULES: { readonly [K in SupervisionStepKind]: Rule } = {
  [SupervisionStepKind.Acknowledged]: { actor: 'visited', from: [SupervisionState.Dispatched], to: SupervisionState.Acknowledged },
  [SupervisionStepKind.MaterialsProvided]: {
    actor: 'visited',
    from: [SupervisionState.Acknowledged, SupervisionState.MaterialsProvided],
    to: SupervisionState.MaterialsProvided,
  },
  [SupervisionStepKind.RectificationRequired]: {
    actor: 'dispatcher',
    from: [SupervisionState.Acknowledged, SupervisionState.MaterialsProvided, SupervisionState.Responded],
    to: SupervisionState.RectificationRequired,
  },
  [SupervisionStepKind.RectificationResponded]: { actor: 'visited', from: [SupervisionState.RectificationRequired], to: SupervisionState.Responded },
};

export function actorOf(kind: string): StepActor | undefined {
  return RULES[kind as SupervisionStepKind]?.actor;
}

/** The state after `kind`, or a refusal naming why. */
export function nextSupervisionState(state: SupervisionState, kind: SupervisionStepKind, actor: StepActor): SupervisionState {
  const rule = RULES[kind];
  if (rule.actor !== actor) {
    throw new SupervisionTeamException(SupervisionTeamErrorCode.IllegalStep, `only the ${rule.actor} node takes the step ${kind}`);
  }
  if (!rule.from.includes(state)) {
    throw new SupervisionTeamException(SupervisionTeamErrorCode.IllegalStep, `cannot take the step ${kind} while the visit is ${state}`, { state, step: kind });
  }
  return rule.to;
}
