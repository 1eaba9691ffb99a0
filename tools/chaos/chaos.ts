import { TestFederation } from '../harness/federation';
import { HostProcess, sleep } from '../harness/host-process';
import { TestRedisServer } from '../harness/redis-server';
import { FlowVerdict, Route, checkHops, checkRoute } from './checker';
import { SeededRandom } from './seeded-random';
import { Calls } from './calls';
import { FilingTally, checkFilingFlows } from './filing-checker';
import { FilingTraffic, driveFilings } from './filing-traffic';
import { TaskTally, checkTaskFlows } from './task-checker';
import { TaskTraffic, driveTasks } from './task-traffic';

export interface ChaosOptions {
  seconds: number;
  seed: number;
  /** Progress lines (faults as they happen); silent when omitted. */
  log?: (line: string) => void;
  /** Stops the soak early (Ctrl-C); whatever was stopped is still restarted and checked. */
  signal?: AbortSignal;
}

export interface ChaosResult {
  seconds: number;
  seed: number;
  kills: number;
  flushes: number;
  redisRestarts: number;
  /** Every message a sender originated and committed: probes, task issues and amendments, reports, filing messages. */
  messages: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  /** Probes per route, the task flows end to end and by their effects, and every hop. */
  flows: FlowVerdict[];
  tasks: TaskTally;
  filings: FilingTally;
  /** What the drivers were answered: committed for sure, besides what committed unanswered. */
  traffic: { tasks: TaskTraffic; filings: FilingTraffic; unanswered: number; refused: number; refusals: string[] };
}

const BOOT = ['central', 'prov-130000', 'local-130000'];
/** Down three hops, up three hops, and shorter paths that share their channels. */
const ROUTES: Route[] = [
  { from: '000000', to: '130102' },
  { from: '000000', to: '130100' },
  { from: '130000', to: '130102' },
  { from: '130102', to: '000000' },
  { from: '130100', to: '000000' },
];
const SEND_PROBE = `mutation($from: ID!, $to: ID!, $label: String!) { sendProbe(from: $from, to: $to, label: $label) }`;
const SEND_BURST = `mutation($from: ID!, $to: ID!, $label: String!, $count: Int!) { sendProbeBurst(from: $from, to: $to, label: $label, count: $count) }`;

export function chaosLine(result: ChaosResult): string {
  return `chaos: ${result.seconds} s, ${result.kills} kills, ${result.flushes} flushes, ${result.messages} messages, lost ${result.lost}, duplicated ${result.duplicated}, out of order ${result.outOfOrder}`;
}

/**
 * A fault soak on a small federation with its own redis-server and databases: probes flow on every
 * route, central's linkage tasks flow down and their recipients' reports up, and filings are asked
 * for, submitted and accepted or returned between the province, its cities and counties, while a
 * seeded controller SIGKILLs and restarts hosts, flushes Redis and restarts it. At the end everything is
 * running again, the federation is left to go idle, and every node's applied effects are compared
 * with what the senders committed.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => undefined);
  const random = new SeededRandom(options.seed);
  const prefix = `chaos${options.seed}-`;
  const redis = await TestRedisServer.start();
  let federation: TestFederation | undefined;
  try {
    federation = await TestFederation.start({ boot: [], redisUrl: redis.url, env: { DATABASE_POOL_SIZE: '5' } });
    const fed = federation;
    log(`chaos: seed ${options.seed}, hosts ${BOOT.join(', ')}, redis ${redis.url}`);
    // On a crowded machine a first boot can outlast the harness's patience: retried like a restart.
    await Promise.all(BOOT.map((hostId) => restartHost(fed.host(hostId), log)));
    const endsAt = Date.now() + options.seconds * 1000;
    const running = () => Date.now() < endsAt && !options.signal?.aborted;

    const senders = ROUTES.map((route, r) => sendContinuously(fed, route, `${prefix}r${r}-`, running));
    const calls = new Calls(fed);
    const tasks = driveTasks(calls, options.seed, running);
    const filings = driveFilings(calls, options.seed, running);
    const faults = await controlFaults(fed, redis, random, running, log);
    await Promise.all(senders);
    const traffic = {
      tasks: await tasks,
      filings: await filings,
      unanswered: calls.unanswered,
      refused: calls.refused,
      refusals: [...calls.refusals].map(([message, count]) => `${count}× ${message}`),
    };

    log('chaos: faults over, waiting for the federation to go idle');
    await whenConnectionsFree(() => fed.waitIdle(120_000)).catch(async (error) => {
      log(await describeBacklog(fed).catch((failed) => `chaos: backlog unreadable: ${failed}`));
      throw error;
    });
    const probes = await whenConnectionsFree(() => Promise.all(ROUTES.map((route, r) => checkRoute(fed, route, `${prefix}r${r}-`))));
    const taskFlows = await whenConnectionsFree(() => checkTaskFlows(fed));
    const filingFlows = await whenConnectionsFree(() => checkFilingFlows(fed));
    const originated = [...probes, ...taskFlows.messages, ...filingFlows.messages];
    const flows = [...originated, ...taskFlows.effects, ...filingFlows.effects, await whenConnectionsFree(() => checkHops(fed))];
    const sum = (key: 'lost' | 'duplicated' | 'outOfOrder') => flows.reduce((total, verdict) => total + verdict[key], 0);
    return {
      seconds: options.seconds,
      seed: options.seed,
      ...faults,
      messages: originated.reduce((total, verdict) => total + verdict.committed, 0),
      lost: sum('lost'),
      duplicated: sum('duplicated'),
      outOfOrder: sum('outOfOrder'),
      flows,
      tasks: taskFlows.tally,
      filings: filingFlows.tally,
      traffic,
    };
  } finally {
    await federation?.close().catch(() => undefined);
    await redis.stopProcess();
  }
}

/** Probes one by one (and now and then a burst in one transaction) with fresh labels; failures while a host is down are expected. */
async function sendContinuously(federation: TestFederation, route: Route, labelPrefix: string, running: () => boolean): Promise<void> {
  for (let i = 0; running(); i++) {
    try {
      const burst = i % 25 === 24;
      const res = burst
        ? await federation.gql(route.from, SEND_BURST, { from: route.from, to: route.to, label: `${labelPrefix}${i}`, count: 10 }).timeout(5_000)
        : await federation.gql(route.from, SEND_PROBE, { from: route.from, to: route.to, label: `${labelPrefix}${i}` }).timeout(5_000);
      if (res.body?.errors) await sleep(200);
      else await sleep(30);
    } catch {
      await sleep(200); // the sender's host is down or restarting
    }
  }
}

async function controlFaults(
  federation: TestFederation,
  redis: TestRedisServer,
  random: SeededRandom,
  running: () => boolean,
  log: (line: string) => void,
): Promise<{ kills: number; flushes: number; redisRestarts: number }> {
  const counts = { kills: 0, flushes: 0, redisRestarts: 0 };
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const hosts = BOOT.map((id) => federation.host(id));
  // A host restarts in the background (a boot takes seconds), so Redis faults can strike meanwhile.
  const restarting = new Map<string, Promise<void>>();
  // The first three faults are one of each kind, in a seeded order; then kinds are drawn at random.
  const firstKinds = ['kill', 'flush', 'redis'].sort(() => random.next() - 0.5);
  try {
    for (let n = 0; running(); n++) {
      await sleep(random.between(1_500, 4_500));
      if (!running()) break;
      const roll = random.next();
      const kind = firstKinds[n] ?? (roll < 0.5 ? 'kill' : roll < 0.8 ? 'flush' : 'redis');
      if (kind === 'kill') {
        const host = random.pick(hosts);
        const downMs = random.between(200, 2_500);
        if (restarting.has(host.hostId)) continue;
        log(`chaos ${at()}: SIGKILL ${host.hostId}, down ${Math.round(downMs)} ms`);
        await host.stop('SIGKILL');
        counts.kills++;
        const back = sleep(downMs)
          .then(() => restartHost(host, log))
          .finally(() => restarting.delete(host.hostId));
        restarting.set(host.hostId, back);
      } else if (kind === 'flush') {
        log(`chaos ${at()}: FLUSHALL`);
        await redis.flushAll();
        counts.flushes++;
      } else {
        const downMs = random.between(200, 1_500);
        log(`chaos ${at()}: redis-server killed, down ${Math.round(downMs)} ms`);
        await redis.restart(downMs);
        counts.redisRestarts++;
      }
    }
  } finally {
    await Promise.all(restarting.values());
  }
  return counts;
}

/** A host must come back whatever happens: a start that fails (Redis restarting under it) is retried. */
async function restartHost(host: HostProcess, log: (line: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const started = Date.now();
      await host.start();
      log(`chaos: ${host.hostId} back, boot took ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      log(`chaos: ${host.hostId} did not start (attempt ${attempt}), retrying`);
      await host.stop('SIGKILL');
      await sleep(1_000);
    }
  }
}

/**
 * The PostgreSQL server is shared (other test runs, a national federation): when it refuses a new
 * connection for a while (too_many_connections), the checks wait and try again rather than fail.
 */
async function whenConnectionsFree<T>(check: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await check();
    } catch (error) {
      if ((error as { code?: string }).code !== '53300' || attempt >= 30) throw error;
      await sleep(2_000);
    }
  }
}

/** What keeps the federation from going idle, per channel: the sender's unacknowledged rows and the receiver's inbox. */
async function describeBacklog(federation: TestFederation): Promise<string> {
  const lines: string[] = [];
  for (const sender of federation.hosts.values()) {
    if (!sender.running) continue;
    const pending = await federation.sql<{ from_node: string; to_node: string; to_host: string; rows: number; first: string; last: string; attempts: number; published: string | null }>(
      sender.hostId,
      `SELECT from_node, to_node, to_host, count(*)::int AS rows, min(channel_seq) AS first, max(channel_seq) AS last,
              max(attempts) AS attempts, max(last_published_at)::text AS published
       FROM federation_outbox WHERE acked_at IS NULL GROUP BY 1, 2, 3`,
    );
    for (const row of pending) {
      const [inbox] = await federation.sql<{ stored: number; held: number; max: string | null; applied: string | null }>(
        row.to_host,
        `SELECT count(*)::int AS stored, count(*) FILTER (WHERE status = 'held')::int AS held, max(channel_seq) AS max,
                (SELECT last_applied_seq FROM federation_channel_in WHERE node_id = $1 AND peer_id = $2) AS applied
         FROM federation_inbox WHERE node_id = $1 AND from_node = $2 AND channel_seq BETWEEN $3 AND $4`,
        [row.to_node, row.from_node, row.first, row.last],
      );
      lines.push(
        `chaos: unacknowledged ${row.from_node}→${row.to_node} seq ${row.first}..${row.last} (${row.rows} rows, up to ${row.attempts} attempts, last published ${row.published}); ` +
          `receiver stored ${inbox.stored} of them, ${inbox.held} held, applied up to ${inbox.applied}`,
      );
    }
  }
  return lines.join('\n') || 'chaos: no unacknowledged rows';
}
