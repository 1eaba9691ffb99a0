import { Caller, DenialRecord, DenialRecorder, HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditAction, AuditFields, AuditOutcome, AuditRow, GENESIS_HASH, auditRowFromSql, chainHash } from './audit-chain';
import { AuditErrorCode, AuditException } from './audit.exception';

export interface AuditEvent {
  /** The node whose chain records it; the caller's node when there is a caller. */
  nodeId: string;
  caller: Caller | null;
  action: AuditAction;
  operation: string;
  target: string;
  outcome: AuditOutcome;
  detail?: string;
}

export interface AuditQuery {
  nodeIds: string[];
  actions: AuditAction[] | null;
  since: Date | null;
  until: Date | null;
  first: number;
  /** An earlier page's nextCursor. */
  after: string | null;
}

export interface AuditPage {
  entries: AuditRow[];
  nextCursor: string | null;
}

/**
 * Appends to the per-node hash chain. Appends to one node serialise on its head row (SELECT … FOR
 * UPDATE): two concurrent appends can never both read the same predecessor, and the row and the
 * head move together in one transaction. Appends to different nodes do not wait for each other.
 */
@Injectable()
export class AuditService implements DenialRecorder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
  ) {}

  async append(event: AuditEvent): Promise<AuditRow> {
    const fields: AuditFields = {
      nodeId: event.nodeId,
      at: new Date(),
      subject: event.caller?.subject ?? null,
      callerNodeId: event.caller?.nodeId ?? null,
      roles: event.caller?.roles.join(',') ?? '',
      action: event.action,
      operation: event.operation,
      target: event.target.slice(0, 2000),
      outcome: event.outcome,
      detail: (event.detail ?? '').slice(0, 2000),
    };
    return this.appendFields(fields);
  }

  /** A refusal the guard answered: chained under the claimed node when this host serves it. */
  async recordDenial(denial: DenialRecord): Promise<void> {
    const nodeId = denial.claimedNodeId && this.host.serves(denial.claimedNodeId) ? denial.claimedNodeId : this.host.servedNodes[0].id;
    await this.appendFields({
      nodeId,
      at: new Date(),
      subject: denial.subject,
      callerNodeId: denial.claimedNodeId,
      roles: denial.roles.join(','),
      action: AuditAction.Denial,
      operation: denial.operation,
      target: denial.claimedNodeId ? `node=${denial.claimedNodeId}` : '',
      outcome: AuditOutcome.Denied,
      detail: `${denial.reason}: ${denial.message}`.slice(0, 2000),
    });
  }

  private async appendFields(fields: AuditFields): Promise<AuditRow> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO audit_chain_head (node_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (node_id) DO NOTHING`, [fields.nodeId, GENESIS_HASH]);
      const [head] = await manager.query(`SELECT seq, hash FROM audit_chain_head WHERE node_id = $1 FOR UPDATE`, [fields.nodeId]);
      const seq = Number(head.seq) + 1;
      const prevHash = String(head.hash);
      // The time is taken under the lock, so a node's chain is also in time order.
      const row = { ...fields, at: new Date(Math.max(Date.now(), fields.at.getTime())) };
      const hash = chainHash(prevHash, seq, row);
      await manager.query(
        `INSERT INTO audit_log (node_id, seq, at, subject, caller_node_id, roles, action, operation, target, outcome, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [row.nodeId, seq, row.at, row.subject, row.callerNodeId, row.roles, row.action, row.operation, row.target, row.outcome, row.detail, prevHash, hash],
      );
      await manager.query(`UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE node_id = $1`, [row.nodeId, seq, hash]);
      return { ...row, seq, prevHash, hash };
    });
  }

  /**
   * Newest first by (at, node, seq), a page at a time from the entry a cursor names (keyset, not
   * offset): entries appended meanwhile are newer than any cursor, so they never shift a page.
   */
  async list(query: AuditQuery): Promise<AuditPage> {
    const after = query.after === null ? null : await this.cursorPosition(query.after, query.nodeIds);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM audit_log
        WHERE node_id = ANY($1)
          AND ($2::text[] IS NULL OR action = ANY($2))
          AND ($3::timestamptz IS NULL OR at >= $3)
          AND ($4::timestamptz IS NULL OR at < $4)
          AND ($5::timestamptz IS NULL OR (at, node_id, seq) < ($5, $6, $7))
        ORDER BY at DESC, node_id DESC, seq DESC
        LIMIT $8`,
      [query.nodeIds, query.actions, query.since, query.until, after?.at ?? null, after?.nodeId ?? null, after?.seq ?? null, query.first + 1],
    );
    const entries = rows.slice(0, query.first).map(auditRowFromSql);
    const last = entries.at(-1);
    return { entries, nextCursor: rows.length > query.first && last ? encodeCursor(last.nodeId, last.seq) : null };
  }

  /** Where a cursor points: its entry's exact key, read back rather than trusted from the client. */
  private async cursorPosition(cursor: string, nodeIds: string[]): Promise<{ at: string; nodeId: string; seq: number }> {
    const decoded = /^(\d{6}):([1-9]\d{0,14})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!decoded) throw new AuditException(AuditErrorCode.BadCursor, 'the cursor is not one this query returned: pass a nextCursor unchanged');
    const [nodeId, seq] = [decoded[1], Number(decoded[2])];
    if (!nodeIds.includes(nodeId)) throw new AuditException(AuditErrorCode.BadCursor, `the cursor belongs to node ${nodeId}, which this listing does not cover`);
    // `at` as text keeps its full precision for the comparison.
    const [row] = await this.dataSource.query(`SELECT at::text AS at FROM audit_log WHERE node_id = $1 AND seq = $2`, [nodeId, seq]);
    if (!row) throw new AuditException(AuditErrorCode.BadCursor, `the cursor names no entry of node ${nodeId}`);
    return { at: row.at, nodeId, seq };
  }
}

function encodeCursor(nodeId: string, seq: number): string {
  return Buffer.from(`${nodeId}:${seq}`, 'utf8').toString('base64url');
}
