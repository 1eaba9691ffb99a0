/**
 * Guidance and supervision teams (指导督导组): the dispatch goes down to each visited node; every later
 * step of one visited node's exchange goes down (from the dispatcher) or up (from the visited node)
 * and is recorded by each level on the way.
 */

export interface SupervisionTeamMember {
  name: string;
  title: string;
}

export interface SupervisionTeamDispatchedPayload {
  teamId: string;
  issuerId: string;
  name: string;
  purpose: string;
  members: SupervisionTeamMember[];
  visitStart: string;
  visitEnd: string;
  dispatchedAt: string;
}

export type SupervisionTeamStep =
  | { kind: 'acknowledged'; note: string | null }
  | { kind: 'materials_provided'; materials: Array<{ title: string; description: string }> }
  | { kind: 'rectification_required'; findings: string; requirements: string; dueDate: string }
  | { kind: 'rectification_responded'; response: string };

export interface SupervisionTeamStepPayload {
  teamId: string;
  /** The visited node whose exchange this step belongs to. */
  targetId: string;
  stepId: string;
  step: SupervisionTeamStep;
  at: string;
}
