import { MessageType, SpecialCheckNotifiedPayload, SpecialCheckStepBody } from '@app/federation';
import { DownwardKind } from '../common/status-events';
import { DeadlineKind } from '../deadlines/deadline.enums';
import { DispatchFlow, DispatchRefusal } from '../dispatch/dispatch-flow';
import { SpecialCheckState as S } from './special-check.enums';
import { SpecialCheckErrorCode, SpecialCheckException } from './special-check.exception';

/** What only a check has, kept with each level's copy. */
export type SpecialCheckContent = Pick<SpecialCheckNotifiedPayload, 'subject' | 'requirements' | 'dueDate'>;

const REFUSALS: { readonly [R in DispatchRefusal]: SpecialCheckErrorCode } = {
  [DispatchRefusal.NotFound]: SpecialCheckErrorCode.NotFound,
  [DispatchRefusal.NotIssuer]: SpecialCheckErrorCode.NotChecker,
  [DispatchRefusal.NotTarget]: SpecialCheckErrorCode.NotChecked,
  [DispatchRefusal.IllegalStep]: SpecialCheckErrorCode.IllegalStep,
};

/**
 * 专项检查: the checked level reports its self-check by the notice's due date; the checker sends
 * findings and requires rectification by a date; the checked level reports rectification progress
 * (专项检查整改进展情况报告), which answers it; the checker accepts the report, or returns it with
 * reasons and the checked level reports again. The checker may withdraw the check from every
 * checked level not yet accepted.
 */
export const SPECIAL_CHECK: DispatchFlow<typeof MessageType.SpecialCheckNotified, typeof MessageType.SpecialCheckStep, S, SpecialCheckStepBody, SpecialCheckContent> = {
  kind: DownwardKind.SpecialCheck,
  messages: { dispatched: MessageType.SpecialCheckNotified, step: MessageType.SpecialCheckStep },
  rules: {
    initial: S.Notified,
    onDispatch: (content) => ({ kind: DeadlineKind.SpecialCheckSelfCheck, dueDate: content.dueDate }),
    steps: {
      self_check_reported: { actor: 'target', from: [S.Notified], to: S.SelfChecked, meets: [DeadlineKind.SpecialCheckSelfCheck] },
      rectification_required: {
        actor: 'issuer',
        from: [S.SelfChecked],
        to: S.RectificationRequired,
        opens: (step) => ({ kind: DeadlineKind.SpecialCheckRectification, dueDate: step.dueDate }),
      },
      rectification_reported: {
        actor: 'target',
        from: [S.RectificationRequired, S.Returned],
        to: S.RectificationReported,
        meets: [DeadlineKind.SpecialCheckRectification],
      },
      reviewed: { actor: 'issuer', from: [S.RectificationReported], to: S.Accepted, resolve: (step) => (step.verdict === 'accepted' ? S.Accepted : S.Returned) },
      withdrawn: {
        actor: 'issuer',
        from: [S.Notified, S.SelfChecked, S.RectificationRequired, S.RectificationReported, S.Returned],
        to: S.Withdrawn,
        cancels: true,
      },
    },
  },
  readDispatched: ({ checkId, issuerId, title, notifiedAt, ...content }) => ({ id: checkId, issuerId, title, content, dispatchedAt: notifiedAt }),
  writeDispatched: ({ id, issuerId, title, content, dispatchedAt }) => ({ checkId: id, issuerId, title, ...content, notifiedAt: dispatchedAt }),
  readStep: ({ checkId, step, ...rest }) => ({ dispatchId: checkId, body: step, ...rest }),
  writeStep: ({ dispatchId, body, ...rest }) => ({ checkId: dispatchId, step: body, ...rest }),
  refuse: (why, message, details) => new SpecialCheckException(REFUSALS[why], message, details),
};
