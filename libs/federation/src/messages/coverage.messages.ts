import { z } from 'zod';
import { count, defineMessage, instant, localDate, nodeId, PayloadOf, revision, text } from './contract';

/** 全覆盖: one node's own tally for a term, sent to central and recorded at every level on the way. */
export const CoverageProgress = defineMessage('coverage.progress', {
  version: 1,
  direction: 'up',
  payload: z.object({
    originNodeId: nodeId,
    term: text(64, 1),
    organisations: count,
    inspected: count,
    /** Not inspected yet but in a planned round of the term. */
    scheduled: count.optional(),
    /** Neither inspected nor scheduled while the term ends within the origin's warning window: a warning upward. */
    atRisk: count.optional(),
    termEndsOn: localDate.optional(),
    /** Grows with every change at the origin; a level keeps only the newest tally. */
    revision,
    changedAt: instant,
  }),
});

export type CoverageProgressPayload = PayloadOf<typeof CoverageProgress>;
