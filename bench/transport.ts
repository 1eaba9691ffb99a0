/**
 * npm run bench:transport — federation throughput and hop latency against raw BullMQ, measured in
 * the same run on the same Redis. Prints one result line:
 *   transport: federation X msg/s, raw bullmq Y msg/s, ratio X/Y, hop p50 A ms p99 B ms, 3-hop p50 C ms, rest hop p50 D ms p99 E ms, rest 3-hop p50 F ms
 * then where a hop's time goes, for the rest and the load cases.
 * - Throughput: N probes over one hop (central → province), each applied exactly once, against N
 *   jobs added one by one and processed by a plain BullMQ worker.
 * - Latency under load: probes offered at RATE msg/s (batches every 10 ms), commit at the sender to
 *   apply at the receiver, over one hop and over three (central → county).
 * - Latency at rest: REST single probes, one at a time, REST_GAP_MS apart, over one hop and over three.
 */
import { TestFederation } from '../tools/harness/federation';
import { rawBullmqSeconds } from './raw-bullmq';
import { sleep } from '../tools/harness/host-process';

const N = Number(process.env.BENCH_MESSAGES ?? 5000);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 5);
const REST = Number(process.env.BENCH_REST_MESSAGES ?? 200);
const REST_GAP_MS = Number(process.env.BENCH_REST_GAP_MS ?? 20);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const BURST = `mutation($from: ID!, $to: ID!, $label: String!, $count: Int!) { sendProbeBurst(from: $from, to: $to, label: $label, count: $count) }`;
const PROBE = `mutation($from: ID!, $to: ID!, $label: String!) { sendProbe(from: $from, to: $to, label: $label) }`;

/** Hosts of the paths measured: one hop central → 河北省, three hops central → 长安区. */
const ONE_HOP = { to: '130000', host: 'prov-130000' };
const THREE_HOPS = { to: '130102', host: 'local-130000' };

async function countAt(federation: TestFederation, hostId: string, nodeId: string, label: string): Promise<number> {
  const [{ n }] = await federation.sql<{ n: number }>(hostId, `SELECT count(*)::int AS n FROM federation_probe WHERE node_id = $1 AND label LIKE $2`, [nodeId, `${label}-%`]);
  return n;
}

async function waitFor(federation: TestFederation, hostId: string, nodeId: string, label: string, expected: number): Promise<void> {
  while ((await countAt(federation, hostId, nodeId, label)) < expected) await sleep(20);
}

/** Offers RATE msg/s for LATENCY_SECONDS in batches every 10 ms, each batch one transaction. */
async function offer(federation: TestFederation, to: string, label: string): Promise<number> {
  const perTick = Math.max(1, Math.round(RATE / 100));
  const ticks = LATENCY_SECONDS * 100;
  const start = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let tick = 0; tick < ticks; tick++) {
    const due = start + tick * 10;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(federation.gql('000000', BURST, { from: '000000', to, label: `${label}-t${tick}`, count: perTick }));
  }
  await Promise.all(pending);
  return perTick * ticks;
}

/** Single probes, one at a time, `gap` ms apart: the federation at rest. */
async function trickle(federation: TestFederation, to: string, label: string): Promise<void> {
  for (let i = 0; i < REST; i++) {
    const started = performance.now();
    const res = await federation.gql('000000', PROBE, { from: '000000', to, label: `${label}-${i}` });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    const wait = REST_GAP_MS - (performance.now() - started);
    if (wait > 0) await sleep(wait);
  }
}

/**
 * Commit at central (its first envelope's createdAt, written in the committing transaction) to apply
 * at the destination, per probe: the last hop's envelope carries the first one's id as its correlation.
 */
async function latencies(federation: TestFederation, path: { to: string; host: string }, label: string): Promise<number[]> {
  const committed = new Map(
    (
      await federation.sql<{ id: string; t: number }>(
        'central',
        `SELECT message_id::text AS id, extract(epoch FROM (envelope->>'createdAt')::timestamptz) * 1000 AS t FROM federation_outbox
         WHERE destination = $1 AND envelope->'payload'->>'label' LIKE $2`,
        [path.to, `${label}-%`],
      )
    ).map((row) => [row.id, Number(row.t)]),
  );
  const applied = await federation.sql<{ correlation: string; t: number }>(
    path.host,
    `SELECT i.envelope->>'correlationId' AS correlation, extract(epoch FROM p.applied_at) * 1000 AS t
     FROM federation_probe p JOIN federation_inbox i ON i.message_id = p.message_id WHERE p.node_id = $1 AND p.label LIKE $2`,
    [path.to, `${label}-%`],
  );
  return applied.map((row) => Number(row.t) - committed.get(row.correlation)!).sort((a, b) => a - b);
}

/** Where the first hop of the probes labelled `label` spent its time, from the timestamps both databases keep (p50, ms). */
async function stages(federation: TestFederation, label: string): Promise<string> {
  const sent = await federation.sql<{ id: string; created: number; published: number; acked: number }>(
    'central',
    `SELECT message_id::text AS id, extract(epoch FROM (envelope->>'createdAt')::timestamptz) * 1000 AS created,
            extract(epoch FROM last_published_at) * 1000 AS published, extract(epoch FROM acked_at) * 1000 AS acked
     FROM federation_outbox WHERE to_node = '130000' AND envelope->'payload'->>'label' LIKE $1`,
    [`${label}-%`],
  );
  const received = new Map(
    (
      await federation.sql<{ id: string; received: number; stored: number; applied: number }>(
        'prov-130000',
        `SELECT message_id::text AS id, extract(epoch FROM received_at) * 1000 AS received, extract(epoch FROM stored_at) * 1000 AS stored,
                extract(epoch FROM applied_at) * 1000 AS applied
         FROM federation_inbox WHERE envelope->'payload'->>'label' LIKE $1`,
        [`${label}-%`],
      )
    ).map((row) => [row.id, row]),
  );
  const rows = sent.filter((row) => received.has(row.id) && row.published !== null);
  const p50 = (pick: (row: (typeof rows)[number], at: { received: number; stored: number; applied: number }) => number) =>
    percentile(rows.map((row) => pick(row, received.get(row.id)!)).sort((a, b) => a - b), 50).toFixed(1);
  return [
    `commit→published ${p50((r) => r.published - r.created)}`,
    `published→received ${p50((r, at) => at.received - r.published)}`,
    `received→stored ${p50((r, at) => at.stored - at.received)}`,
    `stored→applied ${p50((r, at) => at.applied - at.stored)}`,
    `stored→acknowledged ${p50((r, at) => r.acked - at.stored)}`,
  ].join(', ');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const federation = await TestFederation.start({ boot: ['central', 'prov-130000', 'local-130000'], env: { LOG_LEVEL: 'info' } });
  try {
    // Warm-up: connections, prepared plans.
    await federation.gql('000000', BURST, { from: '000000', to: ONE_HOP.to, label: 'warm', count: 200 });
    await federation.gql('000000', BURST, { from: '000000', to: THREE_HOPS.to, label: 'warm3', count: 20 });
    await federation.waitIdle();

    // At rest first, on a quiet federation.
    await trickle(federation, ONE_HOP.to, 'rest1');
    await federation.waitIdle(120_000);
    await trickle(federation, THREE_HOPS.to, 'rest3');
    await federation.waitIdle(120_000);
    const rest1 = await latencies(federation, ONE_HOP, 'rest1');
    const rest3 = await latencies(federation, THREE_HOPS, 'rest3');
    const restStages = await stages(federation, 'rest1');

    const sample = (await federation.sql<{ envelope: object }>('central', `SELECT envelope FROM federation_outbox LIMIT 1`))[0].envelope;
    const raw = N / (await rawBullmqSeconds(REDIS_URL, N, sample));

    const started = performance.now();
    for (let sent = 0; sent < N; sent += 500) {
      await federation.gql('000000', BURST, { from: '000000', to: ONE_HOP.to, label: 'tput', count: Math.min(500, N - sent) });
    }
    await waitFor(federation, ONE_HOP.host, ONE_HOP.to, 'tput', N);
    const fed = N / ((performance.now() - started) / 1000);
    await federation.waitIdle(120_000);

    const offered = await offer(federation, ONE_HOP.to, 'lat1');
    await federation.waitIdle(120_000);
    const hop = await latencies(federation, ONE_HOP, 'lat1');
    const loadStages = await stages(federation, 'lat1');
    await offer(federation, THREE_HOPS.to, 'lat3');
    await federation.waitIdle(120_000);
    const three = await latencies(federation, THREE_HOPS, 'lat3');

    const f = (x: number) => x.toFixed(1);
    process.stdout.write(
      `transport: federation ${Math.round(fed)} msg/s, raw bullmq ${Math.round(raw)} msg/s, ratio ${(fed / raw).toFixed(2)}, ` +
        `hop p50 ${f(percentile(hop, 50))} ms p99 ${f(percentile(hop, 99))} ms, 3-hop p50 ${f(percentile(three, 50))} ms, ` +
        `rest hop p50 ${f(percentile(rest1, 50))} ms p99 ${f(percentile(rest1, 99))} ms, rest 3-hop p50 ${f(percentile(rest3, 50))} ms` +
        ` (N=${N}, offered ${RATE} msg/s x ${LATENCY_SECONDS} s = ${offered} per path, 3-hop p99 ${f(percentile(three, 99))} ms; at rest ${REST} single probes ${REST_GAP_MS} ms apart, 3-hop p99 ${f(percentile(rest3, 99))} ms)\n`,
    );
    process.stdout.write(`transport stages at rest (one hop, p50 ms): ${restStages}\n`);
    process.stdout.write(`transport stages under load (one hop, ${RATE} msg/s offered, p50 ms): ${loadStages}\n`);
  } finally {
    await federation.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:transport failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
