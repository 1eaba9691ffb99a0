/**
 * A node's audit chain head, sent now and then to its parent, which keeps it: rows removed from the
 * end of the chain (and the head rewound to match) no longer reach what the parent holds.
 */
export interface AuditAnchorPayload {
  nodeId: string;
  seq: number;
  hash: string;
  /** When the head was read at the node. */
  anchoredAt: string;
}
