import { EntityManager } from 'typeorm';
import { DeadlineKind, DeadlineStatus } from './deadline.enums';
import { TrackedDeadline } from './tracked-deadline.entity';

const COLUMNS = `node_id, id, owner_node_id, kind, record_id, subject_id, title, due_on::text AS due_on, overdue_from, status, revision, overdue_at, met_at, updated_at, supervising_node_id`;

/** Runs an UPDATE … RETURNING as a plain SELECT, so the driver hands back rows rather than a count. */
export async function updateDeadlines(manager: EntityManager, update: string, params: unknown[]): Promise<TrackedDeadline[]> {
  const rows: Record<string, unknown>[] = await manager.query(`WITH changed AS (${update} RETURNING *) SELECT ${COLUMNS} FROM changed`, params);
  return rows.map(toDeadline);
}

export async function selectDeadlines(manager: EntityManager, where: string, params: unknown[], tail = ''): Promise<TrackedDeadline[]> {
  const rows: Record<string, unknown>[] = await manager.query(`SELECT ${COLUMNS} FROM tracked_deadline WHERE ${where} ${tail}`, params);
  return rows.map(toDeadline);
}

function toDeadline(row: Record<string, unknown>): TrackedDeadline {
  return Object.assign(new TrackedDeadline(), {
    nodeId: row.node_id as string,
    id: row.id as string,
    ownerNodeId: row.owner_node_id as string,
    kind: row.kind as DeadlineKind,
    recordId: row.record_id as string,
    subjectId: row.subject_id as string,
    title: row.title as string,
    dueOn: row.due_on as string,
    overdueFrom: row.overdue_from as Date,
    status: row.status as DeadlineStatus,
    revision: Number(row.revision),
    overdueAt: (row.overdue_at as Date | null) ?? null,
    metAt: (row.met_at as Date | null) ?? null,
    updatedAt: row.updated_at as Date,
    supervisingNodeId: (row.supervising_node_id as string | null) ?? null,
  });
}
