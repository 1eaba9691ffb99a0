/** 报备: what a level files with the level above. */
export type FilingKindName = 'inspection_plan' | 'round_arrangement' | 'inspection_report' | 'rectification_report';

export type FilingStatusName = 'requested' | 'submitted' | 'accepted' | 'returned';

/**
 * Parent → child: file this by `dueOn`. A consolidated filing can go up only once the child has
 * collected and accepted the same filing from each of its own children, so the child requests it
 * from them in turn (the approval chain, `chainId` shared by every link).
 */
export interface FilingRequestedPayload {
  filingId: string;
  chainId: string;
  /** The parent's own filing this one feeds into, when the parent consolidates. */
  parentFilingId: string | null;
  kind: FilingKindName;
  title: string;
  dueOn: string;
  consolidated: boolean;
  requestedAt: string;
}

/** Child → parent: a version of the filing (the first, or a resubmission after a return). */
export interface FilingSubmittedPayload {
  filingId: string;
  version: number;
  content: string;
  submittedAt: string;
}

/** Parent → child: the version is accepted (备案); its content is locked until a return. */
export interface FilingAcceptedPayload {
  filingId: string;
  version: number;
  acceptedAt: string;
  note: string | null;
}

/**
 * Parent → child: the version goes back with reasons. When `mustActNodeId` lies deeper, the child
 * reopens the filing it accepted from the child on the way there and passes the return on.
 */
export interface FilingReturnedPayload {
  filingId: string;
  version: number;
  reasons: string;
  mustActNodeId: string;
  /** The level whose review sent it back (central, when a return travels down from there). */
  returnedBy: string;
  returnedAt: string;
}

/**
 * Reviewer → central, kept by every level on the way: one link of a chain and its state, without
 * content, so that each level sees from its own database who is waiting on whom below it.
 */
export interface FilingProgressPayload {
  filingId: string;
  chainId: string;
  parentFilingId: string | null;
  filerNodeId: string;
  reviewerNodeId: string;
  kind: FilingKindName;
  title: string;
  dueOn: string;
  consolidated: boolean;
  status: FilingStatusName;
  version: number;
  /** Grows with every change at the reviewer; older copies are ignored. */
  revision: number;
  firstSubmittedAt: string | null;
  updatedAt: string;
}
