import { MessageType, SupervisionTeamDispatchedPayload, SupervisionTeamStepBody } from '@app/federation';
import { DownwardKind } from '../common/status-events';
import { DeadlineKind } from '../deadlines/deadline.enums';
import { DispatchFlow, DispatchRefusal } from '../dispatch/dispatch-flow';
import { SupervisionState as S } from './supervision-team.enums';
import { SupervisionTeamErrorCode, SupervisionTeamException } from './supervision-team.exception';

/** What only a team has, kept with each level's copy. */
export type SupervisionTeamContent = Pick<SupervisionTeamDispatchedPayload, 'purpose' | 'members' | 'visitStart' | 'visitEnd'>;

const REFUSALS: { readonly [R in DispatchRefusal]: SupervisionTeamErrorCode } = {
  [DispatchRefusal.NotFound]: SupervisionTeamErrorCode.NotFound,
  [DispatchRefusal.NotIssuer]: SupervisionTeamErrorCode.NotDispatcher,
  [DispatchRefusal.NotTarget]: SupervisionTeamErrorCode.NotVisited,
  [DispatchRefusal.IllegalStep]: SupervisionTeamErrorCode.IllegalStep,
};

/**
 * Guidance and supervision teams (指导督导组). A visited node acknowledges the team and provides
 * materials (as often as asked); the dispatching level records findings and requires rectification
 * by a date; the visited node responds, and may be asked again. The dispatcher may withdraw the team
 * from every visit still going on.
 */
export const SUPERVISION_TEAM: DispatchFlow<
  typeof MessageType.SupervisionTeamDispatched,
  typeof MessageType.SupervisionTeamStep,
  S,
  SupervisionTeamStepBody,
  SupervisionTeamContent
> = {
  kind: DownwardKind.SupervisionTeam,
  messages: { dispatched: MessageType.SupervisionTeamDispatched, step: MessageType.SupervisionTeamStep },
  rules: {
    initial: S.Dispatched,
    steps: {
      acknowledged: { actor: 'target', from: [S.Dispatched], to: S.Acknowledged },
      materials_provided: { actor: 'target', from: [S.Acknowledged, S.MaterialsProvided], to: S.MaterialsProvided },
      rectification_required: {
        actor: 'issuer',
        from: [S.Acknowledged, S.MaterialsProvided, S.Responded],
        to: S.RectificationRequired,
        opens: (step) => ({ kind: DeadlineKind.SupervisionTeamRectification, dueDate: step.dueDate }),
      },
      rectification_responded: { actor: 'target', from: [S.RectificationRequired], to: S.Responded, meets: [DeadlineKind.SupervisionTeamRectification] },
      withdrawn: {
        actor: 'issuer',
        from: [S.Dispatched, S.Acknowledged, S.MaterialsProvided, S.RectificationRequired, S.Responded],
        to: S.Withdrawn,
        cancels: true,
      },
    },
  },
  readDispatched: ({ teamId, issuerId, name, dispatchedAt, ...content }) => ({ id: teamId, issuerId, title: name, content, dispatchedAt }),
  writeDispatched: ({ id, issuerId, title, content, dispatchedAt }) => ({ teamId: id, issuerId, name: title, ...content, dispatchedAt }),
  readStep: ({ teamId, step, ...rest }) => ({ dispatchId: teamId, body: step, ...rest }),
  writeStep: ({ dispatchId, body, ...rest }) => ({ teamId: dispatchId, step: body, ...rest }),
  refuse: (why, message, details) => new SupervisionTeamException(REFUSALS[why], message, details),
};
