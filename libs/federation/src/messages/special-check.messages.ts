import { z } from 'zod';
import { defineMessage, instant, nodeId, PayloadOf, text, title, uuid } from './contract';

/**
 * Special checks (专项检查) of lower levels' inspection work: the notice goes down to each checked
 * node; the steps of one checked node's exchange go down (findings, review) or up (reports).
 */

export const SpecialCheckNotified = defineMessage('special_check.notified', {
  version: 1,
  direction: 'down',
  payload: z.object({
    checkId: uuid,
    issuerId: nodeId,
    title,
    /** What is checked, e.g. 选人用人 (cadre selection). */
    subject: title,
    requirements: text(5_000),
    dueDate: instant,
    notifiedAt: instant,
  }),
});

export const specialCheckStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('self_check_reported'), report: text(20_000, 1) }),
  z.object({ kind: z.literal('rectification_required'), findings: text(20_000, 1), requirements: text(20_000, 1), dueDate: instant }),
  z.object({ kind: z.literal('rectification_reported'), report: text(20_000, 1) }),
  z.object({ kind: z.literal('reviewed'), verdict: z.enum(['accepted', 'returned']), reasons: text(5_000) }),
  z.object({ kind: z.literal('withdrawn'), reason: text(5_000, 1) }),
]);
export type SpecialCheckStepBody = z.infer<typeof specialCheckStep>;

/** A step of one checked node's exchange: down from the checker or up from the checked node. */
export const SpecialCheckStep = defineMessage('special_check.step', {
  // 2: the checker withdraws the check (`withdrawn`), a step a receiver of version 1 refuses.
  version: 2,
  direction: 'any',
  payload: z.object({ checkId: uuid, targetId: nodeId, stepId: uuid, step: specialCheckStep, at: instant }),
});

export type SpecialCheckNotifiedPayload = PayloadOf<typeof SpecialCheckNotified>;
export type SpecialCheckStepPayload = PayloadOf<typeof SpecialCheckStep>;
