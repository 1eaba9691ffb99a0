import { z } from 'zod';
import { defineMessage, instant, nodeId, PayloadOf, text, title, uuid } from './contract';

/**
 * Guidance and supervision teams (指导督导组): the dispatch goes down to each visited node; every later
 * step of one visited node's exchange goes down (from the dispatcher) or up (from the visited node)
 * and is recorded by each level on the way.
 */

export const supervisionTeamMember = z.object({ name: text(100, 1), title: text(100, 1) });
export type SupervisionTeamMember = z.infer<typeof supervisionTeamMember>;

export const SupervisionTeamDispatched = defineMessage('supervision_team.dispatched', {
  version: 1,
  direction: 'down',
  payload: z.object({
    teamId: uuid,
    issuerId: nodeId,
    name: title,
    purpose: text(5_000),
    members: z.array(supervisionTeamMember).max(200),
    visitStart: instant,
    visitEnd: instant,
    dispatchedAt: instant,
  }),
});

export const supervisionTeamStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('acknowledged'), note: text(2_000).nullable() }),
  z.object({ kind: z.literal('materials_provided'), materials: z.array(z.object({ title, description: text(5_000) })).max(500) }),
  z.object({ kind: z.literal('rectification_required'), findings: text(10_000, 1), requirements: text(10_000, 1), dueDate: instant }),
  z.object({ kind: z.literal('rectification_responded'), response: text(10_000, 1) }),
  z.object({ kind: z.literal('withdrawn'), reason: text(5_000, 1) }),
]);
export type SupervisionTeamStepBody = z.infer<typeof supervisionTeamStep>;

/** A step of one visited node's exchange, down from the dispatcher or up from the visited node. */
export const SupervisionTeamStep = defineMessage('supervision_team.step', {
  // 2: the dispatcher withdraws the team (`withdrawn`), a step a receiver of version 1 refuses.
  version: 2,
  direction: 'any',
  payload: z.object({
    teamId: uuid,
    /** The visited node whose exchange this step belongs to. */
    targetId: nodeId,
    stepId: uuid,
    step: supervisionTeamStep,
    at: instant,
  }),
});

export type SupervisionTeamDispatchedPayload = PayloadOf<typeof SupervisionTeamDispatched>;
export type SupervisionTeamStepPayload = PayloadOf<typeof SupervisionTeamStep>;
