/**
 * Special checks (专项检查) of lower levels' inspection work: the notice goes down to each checked
 * node; the steps of one checked node's exchange go down (findings, review) or up (reports).
 */

export interface SpecialCheckNotifiedPayload {
  checkId: string;
  issuerId: string;
  title: string;
  /** What is checked, e.g. 选人用人 (cadre selection). */
  subject: string;
  requirements: string;
  dueDate: string;
  notifiedAt: string;
}

export type SpecialCheckStep =
  | { kind: 'self_check_reported'; report: string }
  | { kind: 'rectification_required'; findings: string; requirements: string; dueDate: string }
  | { kind: 'rectification_reported'; report: string }
  | { kind: 'reviewed'; verdict: 'accepted' | 'returned'; reasons: string };

export interface SpecialCheckStepPayload {
  checkId: string;
  targetId: string;
  stepId: string;
  step: SpecialCheckStep;
  at: string;
}
