import { TestFederation } from '../harness/federation';
import { FlowVerdict, Tally, checkMessages, emptyTally } from './checker';
import { TASK_ISSUER } from './task-traffic';

const DOWN_TYPES = ['linkage_task.issued', 'linkage_task.amended'];
const REPORT_TYPE = 'linkage_task.progress';

/** What the task flows amounted to, read from the databases: what committed, not what was attempted. */
export interface TaskTally {
  tasks: number;
  amendments: number;
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
 * - task copies: every task central holds is at each recipient and every relaying level once, at the last committed version with every version before it;
 * - report views: every level from the recipient up to the issuer shows the recipient's own last report (same rev, state and percent).
 */
export async function checkTaskFlows(federation: TestFederation): Promise<{ messages: FlowVerdict[]; effects: FlowVerdict[]; tally: TaskTally }> {
  const hostIds = federation.registry.hosts.map((host) => host.id).filter((id) => federation.host(id).running);
  const fromAll = async <T>(text: string): Promise<T[]> => (await Promise.all(hostIds.map((hostId) => federation.sql<T>(hostId, text)))).flat();
  const issuerHost = federation.registry.node(TASK_ISSUER).host;
  const taskMessages = await checkMessages(federation, 'task messages', DOWN_TYPES, `type || '/' || (envelope->'payload'->>'taskId') || '/v' || (envelope->'payload'->>'version')`);
  const reportMessages = await checkMessages(
    federation,
    'report messages',
    [REPORT_TYPE],
    // A progress message carries every report of a subtree that changed since the sender's last: named by all of them.
    `(envelope->'payload'->>'taskId') || '/' || (SELECT string_agg((r->>'recipientId') || '@' || (r->>'rev'), ',' ORDER BY r->>'recipientId') FROM jsonb_array_elements(envelope->'payload'->'reports') r)`,
  );

  const [issued, copies, units] = await Promise.all([
    federation.sql<{ task_id: string; version: number }>(issuerHost, `SELECT task_id, version FROM linkage_task WHERE node_id = $1 AND role = 'issuer'`, [TASK_ISSUER]),
    fromAll<Copy>(
      `SELECT t.node_id, t.task_id, t.role, t.version, count(v.version)::int AS version_rows, coalesce(max(v.version), 0) AS max_version
       FROM linkage_task t LEFT JOIN linkage_task_version v ON v.node_id = t.node_id AND v.task_id = t.task_id
       GROUP BY t.node_id, t.task_id`,
    ),
    fromAll<Unit>(`SELECT node_id, task_id, recipient_id, rev, state, percent FROM linkage_task_unit`),
  ]);
  const own = units.filter((unit) => unit.node_id === unit.recipient_id);
  return {
    messages: [taskMessages, reportMessages],
    effects: [
      { flow: 'task copies', ...checkCopies(federation, issued, copies, units) },
      { flow: 'report views', ...checkViews(federation, units) },
    ],
    tally: {
      tasks: issued.length,
      amendments: issued.reduce((sum, task) => sum + task.version - 1, 0),
      reportsApplied: reportMessages.applied,
      advanced: own.filter((unit) => ['accepted', 'in_progress', 'completed'].includes(unit.state)).length,
      completed: own.filter((unit) => unit.state === 'completed').length,
    },
  };
}

/** The nodes that hold a copy of a task for one recipient: the recipient and every level between it and the issuer. */
function holders(federation: TestFederation, recipientId: string): string[] {
  const above = federation.registry.ancestors(recipientId).map((node) => node.id);
  return [recipientId, ...above.slice(0, above.indexOf(TASK_ISSUER))];
}

function checkCopies(federation: TestFederation, issued: Array<{ task_id: string; version: number }>, copies: Copy[], units: Unit[]): Tally {
  const versionOf = new Map(issued.map((task) => [task.task_id, task.version]));
  const expected = new Map<string, { version: number; recipient: boolean }>();
  for (const unit of units) {
    const version = unit.node_id === TASK_ISSUER ? versionOf.get(unit.task_id) : undefined;
    if (version === undefined) continue;
    for (const holder of holders(federation, unit.recipient_id)) {
      const id = `${holder}/${unit.task_id}`;
      expected.set(id, { version, recipient: expected.get(id)?.recipient || holder === unit.recipient_id });
    }
  }
  const tally = { ...emptyTally(), committed: expected.size };
  const found = new Map(copies.filter((copy) => copy.node_id !== TASK_ISSUER).map((copy) => [`${copy.node_id}/${copy.task_id}`, copy]));
  for (const [id, want] of expected) {
    const copy = found.get(id);
    if (!copy || copy.version < want.version || copy.version_rows < want.version || (want.recipient && copy.role !== 'recipient')) tally.lost++;
    else if (copy.version > want.version || copy.version_rows !== copy.max_version || copy.max_version !== copy.version || (!want.recipient && copy.role === 'recipient')) tally.duplicated++;
  }
  // A copy nobody issued to that node is an effect out of nowhere.
  for (const id of found.keys()) if (!expected.has(id)) tally.duplicated++;
  return tally;
}

function checkViews(federation: TestFederation, units: Unit[]): Tally {
  const byId = new Map(units.map((unit) => [`${unit.node_id}/${unit.task_id}/${unit.recipient_id}`, unit]));
  const tally = emptyTally();
  for (const unit of units) {
    if (unit.node_id !== TASK_ISSUER) continue;
    const own = byId.get(`${unit.recipient_id}/${unit.task_id}/${unit.recipient_id}`);
    const viewers = federation.registry.ancestors(unit.recipient_id).map((node) => node.id);
    for (const viewer of viewers.slice(0, viewers.indexOf(TASK_ISSUER) + 1)) {
      tally.committed++;
      const view = byId.get(`${viewer}/${unit.task_id}/${unit.recipient_id}`);
      if (!own || !view || view.rev < own.rev) tally.lost++;
      else if (view.rev > own.rev) tally.duplicated++;
      else if (view.state !== own.state || view.percent !== own.percent) tally.outOfOrder++;
    }
  }
  return tally;
}
