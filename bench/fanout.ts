/**
 * npm run bench:fanout — central issues one linkage task to every node of the national tree
 * (wholeSubtree: 3,351 recipients on 6 hosts) and we time it until central's roll-up shows every
 * node received it (each recipient's receipt travelled back up and was rolled up at every level).
 * Baseline in the same run, on the same Redis: as many raw BullMQ jobs as the federation moved
 * envelopes, added and processed by a plain worker. Prints one line:
 *   fanout: N nodes, H hosts, all received in X s, roll-up complete in Y s, baseline Z s, ratio Y/Z, peak RSS per host M MB
 */
import { TestFederation } from '../tools/harness/federation';
import { rawBullmqSeconds } from './raw-bullmq';
import { sleep } from '../tools/harness/host-process';
import { nationalTree } from '../tools/registry/division-tree';
import { childHosts, memoryOf } from '../tools/national/host-memory';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 6);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 600_000);
/** A province's subtree instead of the whole country (e.g. BENCH_UNDER=130000), to time a smaller fan-out. */
const UNDER = process.env.BENCH_UNDER;

const ISSUE = `mutation($input: IssueLinkageTaskInput!) { issueLinkageTask(input: $input) { id } }`;
const ROLLUP = `query($id: ID!) { linkageTask(nodeId: "000000", id: $id) { children { rollup { units counts { issued received accepted inProgress overdue completed cancelled } } } } }`;

interface Counts {
  issued: number;
  received: number;
  accepted: number;
  inProgress: number;
  overdue: number;
  completed: number;
  cancelled: number;
}

async function receivedEverywhere(federation: TestFederation, taskId: string): Promise<number> {
  const counts = await Promise.all(
    federation.registry.hosts.map(async (host) => {
      const [{ n }] = await federation.sql<{ n: number }>(host.id, `SELECT count(*)::int AS n FROM linkage_task WHERE root_task_id = $1 AND role = 'recipient'`, [taskId]);
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function rolledUp(federation: TestFederation, taskId: string): Promise<number> {
  const res = await federation.gql('000000', ROLLUP, { id: taskId });
  if (res.body.errors) {
    // Under the fan-out central's pool can be busy for a while: a failed poll is reported and retried.
    process.stderr.write(`fanout: roll-up query failed: ${res.body.errors.map((e: { message: string }) => e.message).join('; ')}\n`);
    return 0;
  }
  const children: { rollup: { counts: Counts } }[] = res.body.data.linkageTask.children;
  // Received, or already further along: every state but `issued` means the receipt came back.
  return children.reduce((sum, child) => {
    const c = child.rollup.counts;
    return sum + c.received + c.accepted + c.inProgress + c.completed + c.cancelled;
  }, 0);
}

/** Central's stored roll-up of the task: its units past `issued`, as the children's rows count them. */
async function storedRollup(federation: TestFederation, taskId: string): Promise<number> {
  const [{ n }] = await federation.sql<{ n: number }>(
    'central',
    `SELECT coalesce(sum((summary->>'units')::int - coalesce((summary->'counts'->>'issued')::int, 0)), 0)::int AS n FROM linkage_task_child WHERE node_id = '000000' AND task_id = $1`,
    [taskId],
  );
  return n;
}

/** Per host: outbox rows unacknowledged / inbox rows held back / inbox rows stored but not yet applied. */
async function backlog(federation: TestFederation): Promise<string> {
  const rows = await Promise.all(
    federation.registry.hosts.map(async (host) => {
      const [row] = await federation.sql<{ pending: number; held: number; stored: number; received: number }>(
        host.id,
        `SELECT (SELECT count(*) FROM federation_outbox WHERE acked_at IS NULL)::int AS pending,
                (SELECT count(*) FROM federation_inbox WHERE status = 'held')::int AS held,
                (SELECT count(*) FROM federation_inbox WHERE status NOT IN ('applied', 'relayed', 'rejected', 'held'))::int AS stored,
                (SELECT count(*) FROM federation_inbox)::int AS received`,
      );
      return `${host.id} ${row.pending}/${row.held}/${row.stored}/${row.received}`;
    }),
  );
  return `pending/held/stored/inbox ${rows.join(' ')}`;
}

/**
 * Where the time went, per host and direction, from the inbox and outbox stamps (all hosts share
 * this machine's clock): ms from a hop's envelope creation (the sender's commit) to its storing
 * here, and from storing to applying; p50 and max over the run's task messages.
 */
async function stages(federation: TestFederation, taskId: string): Promise<string> {
  const rows = await Promise.all(
    federation.registry.hosts.map(async (host) => {
      const [row] = await federation.sql<{ n: number; transit50: number; transitMax: number; apply50: number; applyMax: number }>(
        host.id,
        `SELECT count(*)::int AS n,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY t.transit) AS "transit50", max(t.transit)::float8 AS "transitMax",
                percentile_cont(0.5) WITHIN GROUP (ORDER BY t.apply) AS "apply50", max(t.apply)::float8 AS "applyMax"
           FROM (SELECT extract(epoch FROM received_at - (envelope->>'createdAt')::timestamptz)::float8 * 1000 AS transit,
                        extract(epoch FROM applied_at - received_at)::float8 * 1000 AS apply
                   FROM federation_inbox WHERE envelope->>'correlationId' = $1) t`,
        [taskId],
      );
      const [again] = await federation.sql<{ n: number }>(host.id, `SELECT coalesce(sum(attempts - 1), 0)::int AS n FROM federation_outbox WHERE attempts > 1`);
      return row.n ? `${host.id} ${row.n} msgs (${again.n} published again) transit p50 ${row.transit50.toFixed(0)} max ${row.transitMax.toFixed(0)}, apply p50 ${row.apply50.toFixed(0)} max ${row.applyMax.toFixed(0)}` : `${host.id} 0 msgs`;
    }),
  );
  return `fanout stages (ms): ${rows.join('; ')}`;
}

/**
 * When each tier's messages of the task were stored and applied, in s after the issue (all hosts
 * share this machine's clock): per message type and receiving tier, first / median / last.
 */
async function timeline(federation: TestFederation, taskId: string, issuedAt: number): Promise<string> {
  const rows = (
    await Promise.all(
      federation.registry.hosts.map((host) =>
        federation.sql<{ node_id: string; type: string; received: number; applied: number }>(
          host.id,
          `SELECT node_id, type, extract(epoch FROM received_at)::float8 * 1000 AS received, extract(epoch FROM applied_at)::float8 * 1000 AS applied
             FROM federation_inbox WHERE envelope->>'correlationId' = $1`,
          [taskId],
        ),
      ),
    )
  ).flat();
  const groups = new Map<string, { received: number[]; applied: number[] }>();
  for (const row of rows) {
    const key = `${row.type} at ${federation.registry.node(row.node_id).tier}`;
    const group = groups.get(key) ?? { received: [], applied: [] };
    group.received.push(row.received - issuedAt);
    group.applied.push(row.applied - issuedAt);
    groups.set(key, group);
  }
  const spread = (values: number[]) => {
    const sorted = values.sort((a, b) => a - b).map((v) => (v / 1000).toFixed(2));
    return `${sorted[0]}/${sorted[Math.floor(sorted.length / 2)]}/${sorted.at(-1)}`;
  };
  const lines = [...groups].sort(([, a], [, b]) => Math.min(...a.received) - Math.min(...b.received));
  return `fanout timeline (s after issue, first/median/last):\n${lines.map(([key, g]) => `  ${key} x${g.received.length}: stored ${spread(g.received)}, applied ${spread(g.applied)}`).join('\n')}`;
}

async function main(): Promise<void> {
  const tree = nationalTree(HOSTS);
  const bootStarted = performance.now();
  // Hosts run as deployed: production mode and the default delivery timings, not the harness's
  // fast-redelivery test timings (a 1 s ack timeout republishes everything on a loaded machine).
  const federation = await TestFederation.start({
    tree,
    env: {
      NODE_ENV: 'production',
      FEDERATION_ACK_TIMEOUT_MS: '5000',
      FEDERATION_MAX_BACKOFF_MS: '60000',
      FEDERATION_RELAY_INTERVAL_MS: '500',
      DATABASE_POOL_SIZE: process.env.BENCH_POOL ?? '10',
    },
  });
  process.stderr.write(`fanout: ${tree.nodes.length} nodes on ${tree.hosts.length} hosts booted in ${((performance.now() - bootStarted) / 1000).toFixed(1)} s\n`);
  // Interrupted: stop the hosts and drop their databases rather than leave them behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void federation.close().finally(() => process.exit(130)));
  const recipients = UNDER ? federation.registry.subtree(UNDER).length : tree.nodes.length - 1;
  try {
    const now = Date.now();
    const input = {
      nodeId: '000000',
      kind: 'Regular',
      linkageType: 'Systemic',
      title: '全国巡视巡察联动（基准）',
      requirements: 'Fan-out benchmark: one task to every node of the country.',
      focusPoints: [],
      scope: UNDER ? { wholeSubtree: true, under: UNDER } : { wholeSubtree: true },
      startAt: new Date(now).toISOString(),
      deadline: new Date(now + 30 * 86_400_000).toISOString(),
    };
    const started = performance.now();
    const issuedAt = Date.now();
    const res = await federation.gql('000000', ISSUE, { input });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    const taskId: string = res.body.data.issueLinkageTask.id;
    const issuedIn = (performance.now() - started) / 1000;

    let allReceived = 0;
    let rollupComplete = 0;
    let lastProgress = '';
    let best = 0;
    let nextReport = performance.now() + 5_000;
    let nextQuery = 0;
    while (performance.now() - started < TIMEOUT_MS) {
      if (!allReceived && (await receivedEverywhere(federation, taskId)) >= recipients) allReceived = (performance.now() - started) / 1000;
      // On two cores the watcher's own load counts: central's GraphQL roll-up is asked once a
      // second, and at once whenever its stored roll-up (one cheap SQL read) may be complete; the
      // clock stops on the GraphQL answer.
      if ((await storedRollup(federation, taskId)) < recipients && performance.now() < nextQuery) {
        await sleep(100);
        continue;
      }
      nextQuery = performance.now() + 1_000;
      const seen = await rolledUp(federation, taskId);
      best = Math.max(best, seen); // a failed poll reads 0: report the most the roll-up has shown
      lastProgress = `${best}/${recipients}`;
      if (seen >= recipients) {
        rollupComplete = (performance.now() - started) / 1000;
        if (!allReceived) allReceived = rollupComplete;
        break;
      }
      if (performance.now() > nextReport) {
        nextReport += 5_000;
        process.stderr.write(`fanout ${((performance.now() - started) / 1000).toFixed(0)} s: rolled up ${lastProgress}, ${await backlog(federation)}\n`);
      }
      await sleep(100);
    }
    if (!rollupComplete) {
      const peak = Math.max(...[...childHosts().values()].map((pid) => memoryOf(pid)?.peakMb ?? 0));
      process.stdout.write(
        `fanout: ${tree.nodes.length} nodes, ${tree.hosts.length} hosts, ${recipients} recipients, roll-up INCOMPLETE after ${(TIMEOUT_MS / 1000).toFixed(0)} s ` +
          `(${lastProgress} rolled up, all received ${allReceived ? `in ${allReceived.toFixed(2)} s` : 'not yet'}), peak RSS per host ${Math.round(peak)} MB\n`,
      );
      process.exitCode = 1;
      return;
    }

    const peakMb = Math.max(...[...childHosts().values()].map((pid) => memoryOf(pid)?.peakMb ?? 0));
    await federation.waitIdle(300_000);
    process.stderr.write(`${await stages(federation, taskId)}\n`);
    process.stderr.write(`${await timeline(federation, taskId, issuedAt)}\n`);
    const moved = (
      await Promise.all(federation.registry.hosts.map(async (host) => (await federation.sql<{ n: number }>(host.id, `SELECT count(*)::int AS n FROM federation_outbox`))[0].n))
    ).reduce((a, b) => a + b, 0);
    const sample = (await federation.sql<{ envelope: object }>('central', `SELECT envelope FROM federation_outbox LIMIT 1`))[0].envelope;
    const baseline = await rawBullmqSeconds(REDIS_URL, moved, sample);

    process.stderr.write(`fanout detail: issue mutation (${recipients} recipients) ${issuedIn.toFixed(2)} s; ${moved} envelopes moved in all (down, receipts up, roll-up refreshes)\n`);
    process.stdout.write(
      `fanout: ${UNDER ? `${recipients} of ` : ''}${tree.nodes.length} nodes, ${tree.hosts.length} hosts, all received in ${allReceived.toFixed(2)} s, roll-up complete in ${rollupComplete.toFixed(2)} s, ` +
        `baseline ${baseline.toFixed(2)} s, ratio ${(rollupComplete / baseline).toFixed(2)}, peak RSS per host ${Math.round(peakMb)} MB\n`,
    );
  } finally {
    await federation.close();
  }
}

main().then(
  // BullMQ and pg handles of the baseline would keep the process alive: the line is out, leave.
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    process.stderr.write(`bench:fanout failed: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
