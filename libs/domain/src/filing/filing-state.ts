import { FilingStatus } from './filing.enums';
import { FilingErrorCode, FilingException } from './filing.exception';

export enum FilingEvent {
  Submit = 'submit',
  Accept = 'accept',
  Return = 'return',
}

const TRANSITIONS: { readonly [S in FilingStatus]: Partial<Record<FilingEvent, FilingStatus>> } = {
  [FilingStatus.Requested]: { [FilingEvent.Submit]: FilingStatus.Submitted },
  [FilingStatus.Submitted]: { [FilingEvent.Accept]: FilingStatus.Accepted, [FilingEvent.Return]: FilingStatus.Returned },
  // Accepted content changes only after a return, which reopens it.
  [FilingStatus.Accepted]: { [FilingEvent.Return]: FilingStatus.Returned },
  [FilingStatus.Returned]: { [FilingEvent.Submit]: FilingStatus.Submitted },
};

/** The one place that decides what a filing may do next; anything else is refused with a typed error. */
export function nextFilingStatus(from: FilingStatus, event: FilingEvent): FilingStatus {
  const to = TRANSITIONS[from][event];
  if (to) return to;
  if (from === FilingStatus.Accepted && event === FilingEvent.Submit) {
    throw new FilingException(FilingErrorCode.Locked, 'the filing was accepted and its content is locked: it can change only after the reviewer returns it');
  }
  throw new FilingException(FilingErrorCode.InvalidTransition, `a ${from} filing cannot be ${pastTense[event]}`);
}

/** Refuses early, before anything else is checked or written. */
export function assertFilingCan(from: FilingStatus, event: FilingEvent): void {
  nextFilingStatus(from, event);
}

const pastTense: Record<FilingEvent, string> = {
  [FilingEvent.Submit]: 'submitted',
  [FilingEvent.Accept]: 'accepted',
  [FilingEvent.Return]: 'returned',
};
