import { ClueStatus } from './clue.enums';
import { ClueErrorCode, ClueException } from './clue.exception';

const NEXT: { readonly [S in ClueStatus]: readonly ClueStatus[] } = {
  [ClueStatus.Recorded]: [ClueStatus.Transferred],
  [ClueStatus.Transferred]: [ClueStatus.Received],
  [ClueStatus.Received]: [ClueStatus.PreliminaryVerification, ClueStatus.Closed, ClueStatus.PassedOn],
  [ClueStatus.PreliminaryVerification]: [ClueStatus.CaseFiled, ClueStatus.Closed, ClueStatus.PassedOn],
  [ClueStatus.CaseFiled]: [ClueStatus.Closed, ClueStatus.PassedOn],
  [ClueStatus.Closed]: [],
  [ClueStatus.PassedOn]: [],
};

/** The one place that decides how a clue may move; anything else is refused with a typed error. */
export function nextClueStatus(from: ClueStatus, to: ClueStatus): ClueStatus {
  if (NEXT[from].includes(to)) return to;
  const allowed = NEXT[from].length > 0 ? `it can go to ${NEXT[from].join(', ')}` : 'its disposal is finished';
  throw new ClueException(ClueErrorCode.InvalidTransition, `a ${from} clue cannot become ${to}: ${allowed}`);
}

/** The statuses the holding discipline organ sets (recording and transfer belong to the inspection office). */
export const DISPOSAL_STATUSES: readonly ClueStatus[] = [ClueStatus.Received, ClueStatus.PreliminaryVerification, ClueStatus.CaseFiled, ClueStatus.Closed, ClueStatus.PassedOn];
