import { FilingStatus } from './filing.enums';

export interface ChainLink {
  id: string;
  parentFilingId: string | null;
  filerNodeId: string;
  reviewerNodeId: string;
  status: FilingStatus;
}

export interface ChainPosition {
  /** Who must act next on this link: the reviewer while a version waits, otherwise the filer. */
  waitingOn: string | null;
  /** Children whose filings this consolidated link waits for before it may go up. */
  blockedBy: string[];
}

/**
 * Who is waiting on whom in one approval chain, from the links a node can see (its own filing, the
 * ones it reviews and its subtree's copies). A consolidated filing may go up only when every link
 * feeding it is accepted.
 */
export function chainPosition(link: ChainLink, links: readonly ChainLink[]): ChainPosition {
  switch (link.status) {
    case FilingStatus.Accepted:
      return { waitingOn: null, blockedBy: [] };
    case FilingStatus.Submitted:
      return { waitingOn: link.reviewerNodeId, blockedBy: [] };
    case FilingStatus.Requested:
    case FilingStatus.Returned:
      return { waitingOn: link.filerNodeId, blockedBy: pendingFeeders(link.id, links) };
  }
}

/** Filers of the links feeding `filingId` that are not accepted yet, by node id. */
export function pendingFeeders(filingId: string, links: readonly ChainLink[]): string[] {
  return links
    .filter((other) => other.parentFilingId === filingId && other.status !== FilingStatus.Accepted)
    .map((other) => other.filerNodeId)
    .sort();
}
