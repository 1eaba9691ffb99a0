import { HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadlineStatus } from './deadline.enums';
import { DeadlineErrorCode, DeadlineException } from './deadline.exception';
import { DeadlineView, OverdueAlert } from './deadline.types';

export interface DeadlineFilter {
  statuses: DeadlineStatus[];
  /** Only obligations owned inside this node's subtree. */
  scope?: string;
  /** Only those of one filing or rectification. */
  recordId?: string;
  limit: number;
}

/** "What is due or overdue in my subtree", answered from the node's own copies. */
@Injectable()
export class DeadlineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
  ) {}

  async list(nodeId: string, filter: DeadlineFilter): Promise<DeadlineView[]> {
    this.assertServed(nodeId);
    const owners = filter.scope ? this.host.registry.subtree(filter.scope).map((node) => node.id) : null;
    // A copy still says open while its owner is offline; past its day it is overdue all the same.
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT id, owner_node_id, kind, record_id, subject_id, title, due_on::text AS due_on, overdue_at, met_at,
                CASE WHEN status = 'open' AND overdue_from <= now() THEN 'overdue' ELSE status END AS effective,
                (overdue_at IS NOT NULL OR met_at >= overdue_from OR (status IN ('open', 'overdue') AND overdue_from <= now())) AS late
         FROM tracked_deadline WHERE node_id = $1 AND ($2::text[] IS NULL OR owner_node_id = ANY($2)) AND ($5::uuid IS NULL OR record_id = $5)
       ) d WHERE effective = ANY($3) ORDER BY due_on, owner_node_id, title LIMIT $4`,
      [nodeId, owners, filter.statuses, filter.limit, filter.recordId ?? null],
    );
    return rows.map((row) => ({
      id: row.id as string,
      ownerNodeId: row.owner_node_id as string,
      kind: row.kind as DeadlineView['kind'],
      recordId: row.record_id as string,
      subjectId: row.subject_id as string,
      title: row.title as string,
      dueOn: row.due_on as string,
      status: row.effective as DeadlineStatus,
      late: Boolean(row.late),
      overdueAt: (row.overdue_at as Date | null) ?? undefined,
      metAt: (row.met_at as Date | null) ?? undefined,
    }));
  }

  async alerts(nodeId: string, limit: number): Promise<OverdueAlert[]> {
    this.assertServed(nodeId);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.deadline_id, a.owner_node_id, a.kind, a.record_id, a.subject_id, a.title, a.due_on::text AS due_on, a.overdue_at, a.received_at, d.status
       FROM deadline_alert a JOIN tracked_deadline d ON d.node_id = a.node_id AND d.id = a.deadline_id
       WHERE a.node_id = $1 ORDER BY a.received_at DESC LIMIT $2`,
      [nodeId, limit],
    );
    return rows.map((row) => ({
      deadlineId: row.deadline_id as string,
      ownerNodeId: row.owner_node_id as string,
      kind: row.kind as OverdueAlert['kind'],
      recordId: row.record_id as string,
      subjectId: row.subject_id as string,
      title: row.title as string,
      dueOn: row.due_on as string,
      overdueAt: row.overdue_at as Date,
      receivedAt: row.received_at as Date,
      status: row.status as DeadlineStatus,
    }));
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new DeadlineException(DeadlineErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}: ask its own host`);
  }
}
