import { z } from 'zod';
import { defineMessage, instant, nodeId, PayloadOf, revision, sealed, text, uuid } from './contract';

/** 问题线索 and its disposal (分类处置). */
export const CLUE_STATUSES = ['recorded', 'transferred', 'received', 'preliminary_verification', 'case_filed', 'closed', 'passed_on'] as const;
/** The tier whose organisation department manages the cadre (干部管理权限). */
export const CADRE_TIERS = ['central', 'provincial', 'municipal', 'county'] as const;
export type ClueStatusName = (typeof CLUE_STATUSES)[number];
export type CadreTierName = (typeof CADRE_TIERS)[number];

/** Confidential: only the discipline organ of the node holding the clue may read it. */
export const clueContent = z.object({
  cadreName: text(50, 1),
  cadrePosition: text(100, 1),
  allegation: text(5_000, 1),
  source: text(200, 1),
});
export type ClueContent = z.infer<typeof clueContent>;

/** At most what `clueContent` holds as JSON: 5,350 characters, each at most 6 bytes escaped. */
const CLUE_CONTENT_BYTES = 6 * (50 + 100 + 5_000 + 200) + 200;

/** What a sealed clue content is bound to: it opens only as this clue's content, from its origin to its holder. */
export function clueContentContext(clueId: string): { message: 'clue.transferred'; field: 'content'; clueId: string } {
  return { message: 'clue.transferred', field: 'content', clueId };
}

/**
 * Origin → the ancestor whose level manages the cadre. The content is sealed to that ancestor
 * (`clueContent` as JSON, signed by the origin): the levels in between store and pass on ciphertext,
 * and learn the clue's status from `clue.status`. Version 1 carried the content in clear; a receiver
 * keeps no payload of one and dead-letters it (minVersion 2).
 */
export const ClueTransferred = defineMessage('clue.transferred', {
  version: 2,
  minVersion: 2,
  direction: 'up',
  payload: z.object({
    clueId: uuid,
    reference: text(100, 1),
    originNodeId: nodeId,
    managedBy: z.enum(CADRE_TIERS),
    content: sealed(CLUE_CONTENT_BYTES),
    revision,
    recordedAt: instant,
    transferredAt: instant,
  }),
});

/** Holder → origin: the disposal reported back down to the node that transferred the clue. Status only. */
export const ClueDisposed = defineMessage('clue.disposed', {
  version: 1,
  direction: 'down',
  payload: z.object({ clueId: uuid, status: z.enum(CLUE_STATUSES), revision, changedAt: instant }),
});

/** Origin → central, kept by every level on the way: a clue's status and holder, never its content. */
export const ClueStatus = defineMessage('clue.status', {
  version: 1,
  direction: 'up',
  payload: z.object({
    clueId: uuid,
    reference: text(100, 1),
    originNodeId: nodeId,
    holderNodeId: nodeId,
    managedBy: z.enum(CADRE_TIERS),
    status: z.enum(CLUE_STATUSES),
    revision,
    recordedAt: instant,
    changedAt: instant,
  }),
});

export type ClueTransferredPayload = PayloadOf<typeof ClueTransferred>;
export type ClueDisposedPayload = PayloadOf<typeof ClueDisposed>;
export type ClueStatusPayload = PayloadOf<typeof ClueStatus>;
