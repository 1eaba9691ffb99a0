/** 问题线索 and its disposal (分类处置). */
export type ClueStatusName = 'recorded' | 'transferred' | 'received' | 'preliminary_verification' | 'case_filed' | 'closed' | 'passed_on';

/** The tier whose organisation department manages the cadre (干部管理权限). */
export type CadreTierName = 'central' | 'provincial' | 'municipal' | 'county';

/** Confidential: only the discipline organ of the node holding the clue may read it. */
export interface ClueContent {
  cadreName: string;
  cadrePosition: string;
  allegation: string;
  source: string;
}

/**
 * Origin → the ancestor whose level manages the cadre. The levels in between pass it on without
 * keeping it; they learn the clue's status from `clue.status`.
 */
export interface ClueTransferredPayload {
  clueId: string;
  reference: string;
  originNodeId: string;
  managedBy: CadreTierName;
  content: ClueContent;
  revision: number;
  recordedAt: string;
  transferredAt: string;
}

/** Holder → origin: the disposal reported back down to the node that transferred the clue. Status only. */
export interface ClueDisposedPayload {
  clueId: string;
  status: ClueStatusName;
  revision: number;
  changedAt: string;
}

/** Origin → central, kept by every level on the way: a clue's status and holder, never its content. */
export interface ClueStatusPayload {
  clueId: string;
  reference: string;
  originNodeId: string;
  holderNodeId: string;
  managedBy: CadreTierName;
  status: ClueStatusName;
  revision: number;
  recordedAt: string;
  changedAt: string;
}
