import { SpecialCheckStepBody } from '@app/federation';
import { CheckActor, SpecialCheckState, SpecialCheckStepKind } from './special-check.enums';
import { SpecialCheckErrorCode, SpecialCheckException } from './special-check.exception';

const S = SpecialCheckState;

interface Rule {
  actor: CheckActor;
  from: readonly SpecialCheckState[];
  to: (step: SpecialCheckStepBody) => SpecialCheckState;
}

/**
 * 专项检查: the checked level reports its self-check; the checker sends findings and rectification
 * requirements; the checked level reports rectification progress (专项检查整改进展情况报告); the
 * checker accepts it, or returns it with reasons and the checked level reports again.
 */
const RULES: { readonly [K in SpecialCheckStepKind]: Rule } = {
  [SpecialCheckStepKind.SelfCheckReported]: { actor: 'checked', from: [S.Notified], to: () => S.SelfChecked },
  [SpecialCheckStepKind.RectificationRequired]: { actor: 'checker', from: [S.SelfChecked], to: () => S.RectificationRequired },
  [SpecialCheckStepKind.RectificationReported]: { actor: 'checked', from: [S.RectificationRequired, S.Returned], to: () => S.RectificationReported },
  [SpecialCheckStepKind.Reviewed]: {
    actor: 'checker',
    from: [S.RectificationReported],
    to: (step) => (step.kind === 'reviewed' && step.verdict === 'accepted' ? S.Accepted : S.Returned),
  },
};

export function checkActorOf(kind: string): CheckActor | undefined {
  return RULES[kind as SpecialCheckStepKind]?.actor;
}

export function nextCheckState(state: SpecialCheckState, step: SpecialCheckStepBody, actor: CheckActor): SpecialCheckState {
  const rule = RULES[step.kind as SpecialCheckStepKind];
  if (rule.actor !== actor) throw new SpecialCheckException(SpecialCheckErrorCode.IllegalStep, `only the ${rule.actor} node takes the step ${step.kind}`);
  if (!rule.from.includes(state)) {
    throw new SpecialCheckException(SpecialCheckErrorCode.IllegalStep, `cannot take the step ${step.kind} while the check is ${state}`, { state, step: step.kind });
  }
  return rule.to(step);
}
