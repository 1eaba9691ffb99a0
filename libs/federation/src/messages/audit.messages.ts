import { z } from 'zod';
import { defineMessage, instant, nodeId, PayloadOf } from './contract';

/**
 * A node's audit chain head, sent now and then to its parent, which keeps it: rows removed from the
 * end of the chain (and the head rewound to match) no longer reach what the parent holds.
 */
export const AuditAnchor = defineMessage('audit.anchor', {
  version: 1,
  direction: 'up',
  route: 'hop',
  payload: z.object({
    nodeId,
    seq: z.number().int().nonnegative(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest'),
    /** When the head was read at the node. */
    anchoredAt: instant,
  }),
});

export type AuditAnchorPayload = PayloadOf<typeof AuditAnchor>;
