import { z } from 'zod';
import { defineMessage, PayloadOf, text } from './contract';

/**
 * An operator's probe: proves a path through the tree end to end (signatures, routing, ordering,
 * exactly-once apply) without touching business data. The destination records it once.
 */
export const Probe = defineMessage('federation.probe', {
  version: 1,
  direction: 'any',
  payload: z.object({
    label: text(200, 1),
    /** Free text up to the message size limit; lets an operator test large messages. */
    body: z.string().refine((value) => !value.includes('\u0000'), 'contains U+0000, which cannot be stored').optional(),
  }),
});

export type ProbePayload = PayloadOf<typeof Probe>;
