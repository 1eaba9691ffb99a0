import { createHash } from 'node:crypto';

/** What an audit row records: who, for which node, when, what, on what, and how it ended. */
export enum AuditAction {
  Mutation = 'mutation',
  ConfidentialRead = 'confidential_read',
  Denial = 'denial',
  /** A login with username and password, whatever its outcome. */
  Login = 'login',
}

export enum AuditOutcome {
  /** Written before a mutation runs, so a committed mutation can never lack its row. */
  Attempt = 'attempt',
  Ok = 'ok',
  Failed = 'failed',
  Denied = 'denied',
  /** Repeated wrong passwords locked the account. */
  Locked = 'locked',
}

export interface AuditFields {
  nodeId: string;
  at: Date;
  subject: string | null;
  callerNodeId: string | null;
  roles: string;
  action: AuditAction;
  operation: string;
  target: string;
  outcome: AuditOutcome;
  detail: string;
}

export interface AuditRow extends AuditFields {
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The row's fields in a fixed order, so the same row always hashes the same way. */
export function canonicalAuditRow(seq: number, row: AuditFields): string {
  return JSON.stringify([row.nodeId, String(seq), row.at.toISOString(), row.subject, row.callerNodeId, row.roles, row.action, row.operation, row.target, row.outcome, row.detail]);
}

export function chainHash(prevHash: string, seq: number, row: AuditFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalAuditRow(seq, row)).digest('hex');
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainVerdict {
  nodeId: string;
  rows: number;
  ok: boolean;
  /** How many heads anchored at the parent the chain was checked against. */
  anchors?: number;
  /** The first row that does not hold, and why. */
  brokenAtSeq?: number;
  reason?: string;
}

/**
 * Walks one node's chain in seq order: every row must follow its predecessor with no gap, name its
 * predecessor's hash and hash to what it stores; the head must name the last row. An edited row
 * fails its own hash, a deleted row leaves a gap, a deleted tail no longer matches the head.
 */
export function verifyChain(nodeId: string, rows: readonly AuditRow[], head: ChainHead | undefined): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of rows) {
    const fail = (reason: string): ChainVerdict => ({ nodeId, rows: rows.length, ok: false, brokenAtSeq: row.seq, reason });
    if (row.seq !== expectedSeq) return fail(`row ${expectedSeq} is missing (next row found is ${row.seq})`);
    if (row.prevHash !== prevHash) return fail(`row ${row.seq} does not follow row ${row.seq - 1} (prev_hash differs)`);
    if (chainHash(prevHash, row.seq, row) !== row.hash) return fail(`row ${row.seq} was altered (its content no longer hashes to its stored hash)`);
    prevHash = row.hash;
    expectedSeq += 1;
  }
  const last = rows.at(-1);
  if (head && (!last || head.seq !== last.seq || head.hash !== last.hash)) {
    return { nodeId, rows: rows.length, ok: false, brokenAtSeq: head.seq, reason: `the chain head names row ${head.seq} but the last row is ${last?.seq ?? 'none'}: rows were removed from the end` };
  }
  if (!head && last) return { nodeId, rows: rows.length, ok: false, brokenAtSeq: last.seq, reason: 'rows exist without a chain head' };
  return { nodeId, rows: rows.length, ok: true };
}

/** A head of a node's chain as its parent received it (audit.anchor). */
export interface ChainAnchor {
  holderNodeId: string;
  seq: number;
  hash: string;
}

/**
 * A chain that holds on its own must still reach every head anchored at the parent, with the same
 * hash there: rows removed from the end, with the head rewound to match, fall short of an anchor.
 */
export function verifyAnchors(verdict: ChainVerdict, rows: readonly AuditRow[], anchors: readonly ChainAnchor[]): ChainVerdict {
  if (!verdict.ok) return verdict;
  const bySeq = new Map(rows.map((row) => [row.seq, row]));
  for (const anchor of [...anchors].sort((a, b) => a.seq - b.seq)) {
    const row = bySeq.get(anchor.seq);
    const fail = (reason: string): ChainVerdict => ({ ...verdict, ok: false, anchors: anchors.length, brokenAtSeq: anchor.seq, reason });
    if (!row) return fail(`row ${anchor.seq} was anchored at ${anchor.holderNodeId} but the chain ends at row ${rows.at(-1)?.seq ?? 0}: rows were removed from the end`);
    if (row.hash !== anchor.hash) return fail(`row ${anchor.seq} is not the row anchored at ${anchor.holderNodeId}: the chain was rewritten from there`);
  }
  return { ...verdict, anchors: anchors.length };
}

/** Maps a raw `audit_log` row (snake case, bigint as string) to an AuditRow. */
export function auditRowFromSql(raw: Record<string, unknown>): AuditRow {
  return {
    nodeId: String(raw.node_id),
    seq: Number(raw.seq),
    at: raw.at instanceof Date ? raw.at : new Date(String(raw.at)),
    subject: (raw.subject as string | null) ?? null,
    callerNodeId: (raw.caller_node_id as string | null) ?? null,
    roles: String(raw.roles),
    action: raw.action as AuditAction,
    operation: String(raw.operation),
    target: String(raw.target),
    outcome: raw.outcome as AuditOutcome,
    detail: String(raw.detail),
    prevHash: String(raw.prev_hash),
    hash: String(raw.hash),
  };
}
