import { EntityManager } from 'typeorm';
import { insertAll } from '../common/bulk-insert';
import { LinkageTaskChild, LinkageTaskRecord, LinkageTaskUnit } from './linkage-task.entity';
import { TaskSummary, UnitLike, addSummaries, summarise } from './linkage-task.rollup';

/** A task whose roll-ups changed, and the children through which its units changed ('all': any of them). */
export interface Touched {
  record: LinkageTaskRecord;
  children: ReadonlySet<string> | 'all';
}

/**
 * Re-materialises roll-ups where units changed, for many tasks (of many nodes) in a few statements:
 * each named child's row from the units seen through it, then each task's total from its own unit
 * and its children's rows. A nationwide task's receipts arrive by the hundred: a run of cities takes
 * those of hundreds of counties, and rebuilds only the rows they land in.
 */
export async function materialiseRollups(manager: EntityManager, tasks: readonly Touched[]): Promise<void> {
  if (tasks.length === 0) return;
  await materialiseChildren(manager, tasks);
  await materialiseTotals(manager, tasks);
}

async function materialiseChildren(manager: EntityManager, tasks: readonly Touched[]): Promise<void> {
  const some = tasks.flatMap(({ record, children }) => (children === 'all' ? [] : [...children].map((childId) => ({ nodeId: record.nodeId, taskId: record.taskId, childId }))));
  const all = tasks.filter(({ children }) => children === 'all').map(({ record }) => record);
  if (some.length === 0 && all.length === 0) return;
  const columns = `u.node_id AS "nodeId", u.task_id AS "taskId", u.recipient_id AS "recipientId", u.via_child AS "viaChild", u.state, u.percent, u.deadline, u.subtree`;
  // Two plain joins, each on the keys as arrays too: the planner then reads just these units by
  // their index instead of every unit of a nationwide task.
  const units: Array<UnitLike & { nodeId: string; viaChild: string }> = await manager.query(
    `SELECT ${columns} FROM linkage_task_unit AS u JOIN unnest($1::varchar[], $2::uuid[], $3::varchar[]) AS w(node_id, task_id, via_child)
         ON u.node_id = w.node_id AND u.task_id = w.task_id AND u.via_child = w.via_child
      WHERE u.node_id = ANY($1::varchar[]) AND u.task_id = ANY($2::uuid[])
     UNION ALL
     SELECT ${columns} FROM linkage_task_unit AS u JOIN unnest($4::varchar[], $5::uuid[]) AS w(node_id, task_id) ON u.node_id = w.node_id AND u.task_id = w.task_id
      WHERE u.node_id = ANY($4::varchar[]) AND u.task_id = ANY($5::uuid[]) AND u.via_child <> u.node_id
     ORDER BY "recipientId"`,
    [some.map((w) => w.nodeId), some.map((w) => w.taskId), some.map((w) => w.childId), all.map((r) => r.nodeId), all.map((r) => r.taskId)],
  );
  const now = new Date();
  const rows = [...groupBy(units, (unit) => `${unit.nodeId}:${unit.taskId}:${unit.viaChild}`).values()].map((below) => childRow(below[0].nodeId, below[0].taskId, below[0].viaChild, below, now));
  await insertAll(manager, LinkageTaskChild, rows, ['node_id', 'task_id', 'child_id']);
}

/** The tasks' totals from their own unit and their children's rows; the records take their new summary. */
async function materialiseTotals(manager: EntityManager, tasks: readonly Touched[]): Promise<void> {
  const keys = [tasks.map(({ record }) => record.nodeId), tasks.map(({ record }) => record.taskId)];
  const own: Array<UnitLike & { nodeId: string }> = await manager.query(
    `SELECT u.node_id AS "nodeId", u.task_id AS "taskId", u.recipient_id AS "recipientId", u.state, u.percent, u.deadline, u.subtree
       FROM linkage_task_unit AS u JOIN unnest($1::varchar[], $2::uuid[]) AS w(node_id, task_id)
         ON u.node_id = w.node_id AND u.task_id = w.task_id AND u.via_child = w.node_id
      WHERE u.node_id = ANY($1::varchar[]) AND u.task_id = ANY($2::uuid[])`,
    keys,
  );
  const children: Array<{ nodeId: string; taskId: string; summary: TaskSummary }> = await manager.query(
    `SELECT c.node_id AS "nodeId", c.task_id AS "taskId", c.summary
       FROM linkage_task_child AS c JOIN unnest($1::varchar[], $2::uuid[]) AS w(node_id, task_id) ON c.node_id = w.node_id AND c.task_id = w.task_id
      WHERE c.node_id = ANY($1::varchar[]) AND c.task_id = ANY($2::uuid[])
      ORDER BY c.child_id`,
    keys,
  );
  const ownOf = groupBy(own, (unit) => `${unit.nodeId}:${unit.taskId}`);
  const childrenOf = groupBy(children, (child) => `${child.nodeId}:${child.taskId}`);
  const updatedAt = new Date();
  for (const { record } of tasks) {
    const key = `${record.nodeId}:${record.taskId}`;
    record.summary = (childrenOf.get(key) ?? []).reduce((sum, child) => addSummaries(sum, child.summary), summarise(ownOf.get(key) ?? []));
    record.updatedAt = updatedAt;
  }
  await manager.query(
    `UPDATE linkage_task AS t SET summary = v.summary, updated_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS v(node_id varchar, task_id uuid, summary jsonb)
      WHERE t.node_id = v.node_id AND t.task_id = v.task_id AND t.node_id = ANY($3::varchar[]) AND t.task_id = ANY($4::uuid[])`,
    [JSON.stringify(tasks.map(({ record }) => ({ node_id: record.nodeId, task_id: record.taskId, summary: record.summary }))), updatedAt, ...keys],
  );
}

/** The units seen through each child of `nodeId` (its own unit is not a child's). */
export function byChild<U extends UnitLike & Pick<LinkageTaskUnit, 'viaChild'>>(nodeId: string, units: readonly U[]): Map<string, U[]> {
  const grouped = new Map<string, U[]>();
  for (const unit of units) {
    if (unit.viaChild === nodeId) continue;
    const list = grouped.get(unit.viaChild);
    if (list) list.push(unit);
    else grouped.set(unit.viaChild, [unit]);
  }
  return grouped;
}

/** One child's row: its subtree's roll-up and, when it is a recipient itself, its own state. */
export function childRow(nodeId: string, taskId: string, childId: string, units: readonly UnitLike[], now: Date): LinkageTaskChild {
  return { nodeId, taskId, childId, childState: units.find((unit) => unit.recipientId === childId)?.state ?? null, summary: summarise(units), updatedAt: now };
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
