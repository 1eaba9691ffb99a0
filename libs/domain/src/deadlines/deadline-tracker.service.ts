import { DeadlineStatusPayload, InvalidPayloadError, MessageType, Registry, UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DeadlineKind, DeadlineStatus } from './deadline.enums';
import { selectDeadlines, updateDeadlines } from './deadline-rows';
import { LocalDate, isLocalDate, overdueFrom } from './local-date';
import { TrackedDeadline } from './tracked-deadline.entity';

export interface DeadlineSpec {
  kind: DeadlineKind;
  /** The filing or rectification it belongs to. */
  recordId: string;
  /** The record itself, or the part of it that is owed (a task, a stage). */
  subjectId: string;
  title: string;
  dueOn: LocalDate;
  /** Who supervises it, when not the owner's parent: alerted too when it turns overdue. */
  supervisingNodeId?: string | null;
}

const KINDS = new Set<string>(Object.values(DeadlineKind));
const STATUSES = new Set<string>(Object.values(DeadlineStatus));

/**
 * What each node owes by a date. The owner's row is the truth; every change is sent towards central
 * so that each ancestor holds a copy (its subtree's due and overdue work) and the owner's parent,
 * which supervises it, records an alert when the obligation turns overdue.
 *
 * Call the tracker before sending anything else in a unit of work: the sweep locks a deadline row and
 * then its channel, so taking them in the same order here keeps the two from deadlocking.
 */
@Injectable()
export class DeadlineTracker {
  constructor(private readonly registry: Registry) {}

  /** Starts tracking an obligation; tracking the same (kind, subject) again changes nothing. */
  async track(work: UnitOfWork, ownerNodeId: string, spec: DeadlineSpec): Promise<void> {
    const [existing] = await selectDeadlines(work.manager, 'node_id = $1 AND kind = $2 AND subject_id = $3', [ownerNodeId, spec.kind, spec.subjectId]);
    if (existing) return;
    const row = Object.assign(new TrackedDeadline(), {
      nodeId: ownerNodeId,
      id: randomUUID(),
      ownerNodeId,
      ...spec,
      supervisingNodeId: spec.supervisingNodeId ?? null,
      overdueFrom: overdueFrom(spec.dueOn),
      status: DeadlineStatus.Open,
      revision: 1,
      overdueAt: null,
      metAt: null,
      updatedAt: new Date(),
    });
    await work.manager.insert(TrackedDeadline, row);
    await this.publish(work, row);
  }

  /** The obligation is fulfilled (late or not); a no-op when it already was. */
  async meet(work: UnitOfWork, ownerNodeId: string, kind: DeadlineKind, subjectId: string): Promise<void> {
    await this.close(work, ownerNodeId, kind, subjectId, DeadlineStatus.Met);
  }

  /** The obligation no longer applies (e.g. a task dropped from the list). */
  async cancel(work: UnitOfWork, ownerNodeId: string, kind: DeadlineKind, subjectId: string): Promise<void> {
    await this.close(work, ownerNodeId, kind, subjectId, DeadlineStatus.Cancelled);
  }

  /** Every open obligation of these kinds in a record is fulfilled: a report answers whatever was asked of it by then. */
  async meetRecord(work: UnitOfWork, ownerNodeId: string, recordId: string, kinds: readonly DeadlineKind[]): Promise<void> {
    await this.closeRecord(work, ownerNodeId, recordId, kinds, DeadlineStatus.Met);
  }

  /** Every open obligation of a record no longer applies (the check or team was withdrawn). */
  async cancelRecord(work: UnitOfWork, ownerNodeId: string, recordId: string): Promise<void> {
    await this.closeRecord(work, ownerNodeId, recordId, null, DeadlineStatus.Cancelled);
  }

  /** Called by the sweep for an owner's open row whose day has passed. */
  async markOverdue(work: UnitOfWork, row: TrackedDeadline): Promise<void> {
    const [changed] = await updateDeadlines(
      work.manager,
      `UPDATE tracked_deadline SET status = 'overdue', overdue_at = now(), revision = revision + 1, updated_at = now()
       WHERE node_id = $1 AND id = $2 AND status = 'open'`,
      [row.nodeId, row.id],
    );
    if (!changed) return;
    // An organisation without a node of its own owes to the very node that supervises it.
    if (changed.supervisingNodeId === changed.ownerNodeId) await this.alert(work.manager, changed.nodeId, changed);
    await this.publish(work, changed);
  }

  /** An ancestor's copy of a descendant's obligation, and the supervising parent's alert. */
  async recordCopy(manager: EntityManager, nodeId: string, origin: string, payload: DeadlineStatusPayload): Promise<void> {
    this.validate(nodeId, origin, payload);
    await manager.query(
      `INSERT INTO tracked_deadline (node_id, id, owner_node_id, kind, record_id, subject_id, title, due_on, overdue_from, status, revision, overdue_at, met_at, updated_at, supervising_node_id)
       VALUES ($1, $2, $3, $4, $13, $5, $6, $7, $8, $9, $10, $11, $12, now(), $14)
       ON CONFLICT (node_id, id) DO UPDATE SET title = EXCLUDED.title, due_on = EXCLUDED.due_on, overdue_from = EXCLUDED.overdue_from,
         status = EXCLUDED.status, revision = EXCLUDED.revision, overdue_at = EXCLUDED.overdue_at, met_at = EXCLUDED.met_at, updated_at = now()
       WHERE tracked_deadline.revision < EXCLUDED.revision`,
      [nodeId, payload.deadlineId, payload.ownerNodeId, payload.kind, payload.subjectId, payload.title, payload.dueOn, overdueFrom(payload.dueOn), payload.status, payload.revision, payload.overdueAt, payload.metAt, payload.recordId, payload.supervisingNodeId ?? null],
    );
    if (payload.overdueAt && (this.registry.parent(payload.ownerNodeId)?.id === nodeId || payload.supervisingNodeId === nodeId)) {
      await this.alert(manager, nodeId, { id: payload.deadlineId, ...payload, kind: payload.kind as DeadlineKind, overdueAt: new Date(payload.overdueAt) });
    }
  }

  private async alert(manager: EntityManager, nodeId: string, row: Pick<TrackedDeadline, 'id' | 'ownerNodeId' | 'kind' | 'recordId' | 'subjectId' | 'title' | 'dueOn' | 'overdueAt'>): Promise<void> {
    await manager.query(
      `INSERT INTO deadline_alert (node_id, deadline_id, owner_node_id, kind, record_id, subject_id, title, due_on, overdue_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()) ON CONFLICT DO NOTHING`,
      [nodeId, row.id, row.ownerNodeId, row.kind, row.recordId, row.subjectId, row.title, row.dueOn, row.overdueAt],
    );
  }

  private async close(work: UnitOfWork, ownerNodeId: string, kind: DeadlineKind, subjectId: string, status: DeadlineStatus): Promise<void> {
    const metAt = status === DeadlineStatus.Met ? 'now()' : 'NULL';
    const [changed] = await updateDeadlines(
      work.manager,
      `UPDATE tracked_deadline SET status = $4, met_at = ${metAt}, revision = revision + 1, updated_at = now()
       WHERE node_id = $1 AND owner_node_id = $1 AND kind = $2 AND subject_id = $3 AND status IN ('open', 'overdue')`,
      [ownerNodeId, kind, subjectId, status],
    );
    if (changed) await this.publish(work, changed);
  }

  private async closeRecord(work: UnitOfWork, ownerNodeId: string, recordId: string, kinds: readonly DeadlineKind[] | null, status: DeadlineStatus): Promise<void> {
    const metAt = status === DeadlineStatus.Met ? 'now()' : 'NULL';
    const changed = await updateDeadlines(
      work.manager,
      `UPDATE tracked_deadline SET status = $4, met_at = ${metAt}, revision = revision + 1, updated_at = now()
       WHERE node_id = $1 AND owner_node_id = $1 AND record_id = $2 AND ($3::text[] IS NULL OR kind = ANY($3)) AND status IN ('open', 'overdue')`,
      [ownerNodeId, recordId, kinds, status],
    );
    for (const row of changed.sort((a, b) => a.id.localeCompare(b.id))) await this.publish(work, row);
  }

  private async publish(work: UnitOfWork, row: TrackedDeadline): Promise<void> {
    const root = this.registry.ancestors(row.ownerNodeId).at(-1);
    if (!root) return;
    work.emit({
      type: MessageType.DeadlineStatus,
      from: row.ownerNodeId,
      destination: root.id,
      correlationId: row.id,
      payload: {
        deadlineId: row.id,
        revision: row.revision,
        ownerNodeId: row.ownerNodeId,
        kind: row.kind,
        recordId: row.recordId,
        subjectId: row.subjectId,
        title: row.title,
        dueOn: row.dueOn,
        status: row.status,
        overdueAt: row.overdueAt?.toISOString() ?? null,
        metAt: row.metAt?.toISOString() ?? null,
        ...(row.supervisingNodeId ? { supervisingNodeId: row.supervisingNodeId } : {}),
      },
    });
  }

  private validate(nodeId: string, origin: string, payload: DeadlineStatusPayload): void {
    if (payload.ownerNodeId !== origin) throw new InvalidPayloadError(`deadline of ${payload.ownerNodeId} sent by ${origin}: only the owner reports its deadlines`);
    if (!this.registry.isAncestor(nodeId, payload.ownerNodeId)) throw new InvalidPayloadError(`${nodeId} is not above ${payload.ownerNodeId}`);
    if (!KINDS.has(payload.kind) || !STATUSES.has(payload.status)) throw new InvalidPayloadError(`unknown deadline kind ${payload.kind} or status ${payload.status}`);
    if (!isLocalDate(payload.dueOn) || !Number.isInteger(payload.revision) || payload.revision < 1) throw new InvalidPayloadError('deadline payload needs a calendar date and a positive revision');
  }
}
