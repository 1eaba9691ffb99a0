import { TestFederation } from '../harness/federation';
import { FlowVerdict, Tally, checkMessages, emptyTally } from './checker';
import { TASK_ISSUER } from './task-traffic';

const DOWN_TYPES = ['linkage_task.issued', 'linkage_task.amended', 'linkage_task.cancelled'];
const REPORT_TYPE = 'linkage_task.progress';

/** What the task flows amounted to, read from the databases: what committed, not what was attempted. */
export interface TaskTally {
  /** Tasks central issued. */
  tasks: number;
  amendments: number;
  cancellations: number;
  /** Assignments a province or city issued from a task it received. */
  assignments: number;
  /** Progress messages applied, at every level: each carries the reports that changed below its sender. */
  reportsApplied: number;
  /** Recipients that acted on a task: accepted it, reported progress or completed it. */
  advanced: number;
  completed: number;
}

interface Copy {
  node_id: string;
  task_id: string;
  role: string;
  version: number;
  cancelled: boolean;
  version_rows: number;
  max_version: number;
}

interface Unit {
  node_id: string;
  task_id: string;
  recipient_id: string;
  rev: number;
  state: string;
  percent: number;
}

/**
 * The linkage-task flows, end to end and by their effects:
 * - task messages: each issue and amendment a node committed was applied once, in order, by the child it went to;
 * - report messages: each batch of reports a node committed was applied once, in order, by its parent;
 * - task copies: every task central (or a level decomposing one) issued is at each recipient and every relaying level once, at the last committed version with every version before it, and cancelled there when its issuer cancelled it;
 * - report views: every level from the recipient up to the issuer shows the recipient's own last report (same rev, state and percent).
 */
export async function checkTaskFlows(federation: TestFederation): Promise<{ messages: FlowVerdict[]; effects: FlowVerdict[]; tally: TaskTally }> {
  const hostIds = federation.registry.hosts.map((host) => host.id).filter((id) => federation.host(id).running);
  const fromAll = async <T>(text: string): Promise<T[]> => (await Promise.all(hostIds.map((hostId) => federation.sql<T>(hostId, text)))).flat();
  const taskMessages = await checkMessages(federation, 'task messages', DOWN_TYPES, `type || '/' || (envelope->'payload'->>'taskId') || '/v' || coalesce(envelope->'payload'->>'version', 'x')`);
  const reportMessages = await checkMessages(
    federation,
    'report messages',
    [REPORT_TYPE],
    // A progress message carries every report of a subtree that changed since the sender's last: named by all of them.
    `(envelope->'payload'->>'taskId') || '/' || (SELECT string_agg((r->>'recipientId') || '@' || (r->>'rev'), ',' ORDER BY r->>'recipientId') FROM jsonb_array_elements(envelope->'payload'->'reports') r)`,
  );

  const [copies, units] = await Promise.all([
    fromAll<Copy>(
      `SELECT t.node_id, t.task_id, t.role, t.version, t.cancelled_at IS NOT NULL AS cancelled, count(v.version)::int AS version_rows, coalesce(max(v.version), 0) AS max_version
       FROM linkage_task t LEFT JOIN linkage_task_version v ON v.node_id = t.node_id AND v.task_id = t.task_id
       GROUP BY t.node_id, t.task_id`,
    ),
    fromAll<Unit>(`SELECT node_id, task_id, recipient_id, rev, state, percent FROM linkage_task_unit`),
  ]);
  // Central's tasks and the assignments levels below decomposed them into: each checked from its own issuer.
  const issued = copies.filter((copy) => copy.role === 'issuer');
  const central = issued.filter((copy) => copy.node_id === TASK_ISSUER);
  const own = units.filter((unit) => unit.node_id === unit.recipient_id);
  return {
    messages: [taskMessages, reportMessages],
    effects: [
      { flow: 'task copies', ...checkCopies(federation, issued, copies, units) },
      { flow: 'report views', ...checkViews(federation, issued, units) },
    ],
    tally: {
      tasks: central.length,
      amendments: central.reduce((sum, task) => sum + task.version - 1, 0),
      cancellations: central.filter((task) => task.cancelled).length,
      assignments: issued.length - central.length,
      reportsApplied: reportMessages.applied,
      advanced: own.filter((unit) => ['accepted', 'in_progress', 'completed'].includes(unit.state)).length,
      completed: own.filter((unit) => unit.state === 'completed').length,
    },
  };
}

/** The levels between a recipient and its task's issuer, the recipient included and the issuer not. */
function below(federation: TestFederation, recipientId: string, issuerId: string): string[] {
  const above = federation.registry.ancestors(recipientId).map((node) => node.id);
  return [recipientId, ...above.slice(0, above.indexOf(issuerId))];
}

/** Every level holding a task (each recipient and every relay) holds it once, at its issuer's last version, cancelled when the issuer cancelled it. */
function checkCopies(federation: TestFederation, issued: Copy[], copies: Copy[], units: Unit[]): Tally {
  const issuerOf = new Map(issued.map((task) => [task.task_id, task]));
  const expected = new Map<string, { version: number; cancelled: boolean; recipient: boolean }>();
  for (const unit of units) {
    const task = issuerOf.get(unit.task_id);
    if (!task || unit.node_id !== task.node_id) continue;
    for (const holder of below(federation, unit.recipient_id, task.node_id)) {
      const id = `${holder}/${unit.task_id}`;
      expected.set(id, { version: task.version, cancelled: task.cancelled, recipient: expected.get(id)?.recipient || holder === unit.recipient_id });
    }
  }
  const tally = { ...emptyTally(), committed: expected.size };
  const found = new Map(copies.filter((copy) => copy.role !== 'issuer').map((copy) => [`${copy.node_id}/${copy.task_id}`, copy]));
  for (const [id, want] of expected) {
    const copy = found.get(id);
    if (!copy || copy.version < want.version || copy.version_rows < want.version || (want.recipient && copy.role !== 'recipient') || (want.cancelled && !copy.cancelled)) tally.lost++;
    else if (copy.version > want.version || copy.version_rows !== copy.max_version || copy.max_version !== copy.version || (!want.recipient && copy.role === 'recipient') || (!want.cancelled && copy.cancelled)) tally.duplicated++;
  }
  // A copy nobody issued to that node is an effect out of nowhere.
  for (const id of found.keys()) if (!expected.has(id)) tally.duplicated++;
  return tally;
}

/**
 * Every level from a recipient up to its task's issuer shows the recipient's own last report —
 * same revision, state and percent — whatever order the cancels, amendments and reports met in.
 */
function checkViews(federation: TestFederation, issued: Copy[], units: Unit[]): Tally {
  const issuerOf = new Map(issued.map((task) => [task.task_id, task.node_id]));
  const byId = new Map(units.map((unit) => [`${unit.node_id}/${unit.task_id}/${unit.recipient_id}`, unit]));
  const tally = emptyTally();
  for (const unit of units) {
    const issuerId = issuerOf.get(unit.task_id);
    if (unit.node_id !== issuerId) continue;
    const own = byId.get(`${unit.recipient_id}/${unit.task_id}/${unit.recipient_id}`);
    const viewers = federation.registry.ancestors(unit.recipient_id).map((node) => node.id);
    for (const viewer of viewers.slice(0, viewers.indexOf(issuerId) + 1)) {
      tally.committed++;
      const view = byId.get(`${viewer}/${unit.task_id}/${unit.recipient_id}`);
      if (!own || !view || view.rev < own.rev) tally.lost++;
      else if (view.rev > own.rev) tally.duplicated++;
      else if (view.state !== own.state || view.percent !== own.percent) tally.outOfOrder++;
    }
  }
  return tally;
}
