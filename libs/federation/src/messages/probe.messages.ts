/**
 * An operator's probe: proves a path through the tree end to end (signatures, routing, ordering,
 * exactly-once apply) without touching business data. The destination records it once.
 */
export interface ProbePayload {
  label: string;
  /** Free text up to the size limit; lets an operator test large messages. */
  body?: string;
}
