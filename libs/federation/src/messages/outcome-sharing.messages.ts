/** 成果共享: findings, typical cases and problem statistics shared upward. */
export type OutcomeKindName = 'finding' | 'typical_case' | 'problem_statistics';

/** Problem categories used for statistics and for spotting common problems (普遍性、倾向性问题). */
export type ProblemCategoryName =
  | 'political_responsibility'
  | 'implementing_decisions'
  | 'formalism_bureaucratism'
  | 'eight_point_rules'
  | 'corruption'
  | 'cadre_selection'
  | 'grassroots_organisation'
  | 'rectification_failures';

export interface ProblemCount {
  category: ProblemCategoryName;
  count: number;
}

/** A node's outcome on its way to central; every level on the way keeps it for its subtree's roll-up. */
export interface OutcomeSharedPayload {
  outcomeId: string;
  originNodeId: string;
  kind: OutcomeKindName;
  title: string;
  summary: string;
  problems: ProblemCount[];
  sharedAt: string;
}
