import { z } from 'zod';
import { count, defineMessage, instant, nodeId, PayloadOf, text, title, uuid } from './contract';

/** 成果共享: findings, typical cases and problem statistics shared upward. */
export const OUTCOME_KINDS = ['finding', 'typical_case', 'problem_statistics'] as const;
export type OutcomeKindName = (typeof OUTCOME_KINDS)[number];

/** Problem categories used for statistics and for spotting common problems (普遍性、倾向性问题). */
export const PROBLEM_CATEGORIES = [
  'political_responsibility',
  'implementing_decisions',
  'formalism_bureaucratism',
  'eight_point_rules',
  'corruption',
  'cadre_selection',
  'grassroots_organisation',
  'rectification_failures',
] as const;
export type ProblemCategoryName = (typeof PROBLEM_CATEGORIES)[number];

export const problemCount = z.object({ category: z.enum(PROBLEM_CATEGORIES), count });
export type ProblemCount = z.infer<typeof problemCount>;

/** A node's outcome on its way to central; every level on the way keeps it for its subtree's roll-up. */
export const OutcomeShared = defineMessage('outcome.shared', {
  version: 1,
  direction: 'up',
  payload: z.object({
    outcomeId: uuid,
    originNodeId: nodeId,
    kind: z.enum(OUTCOME_KINDS),
    title,
    summary: text(5_000, 1),
    problems: z.array(problemCount).max(PROBLEM_CATEGORIES.length),
    sharedAt: instant,
  }),
});

export type OutcomeSharedPayload = PayloadOf<typeof OutcomeShared>;
