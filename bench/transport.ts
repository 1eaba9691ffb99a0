/**
 * npm run bench:transport — federation throughput and hop latency against raw BullMQ, measured in
 * the same run on the same Redis. Prints one result line:
 *   transport: federation X msg/s, raw bullmq Y msg/s, ratio X/Y, hop p50 A ms p99 B ms, 3-hop p50 C ms
 * Throughput: N probes over one hop (central → province), each applied exactly once in its own
 * inbox transaction, against N jobs added one by one and processed by a plain BullMQ worker.
 * Latency: probes offered at RATE msg/s (batches every 10 ms), commit at the sender to apply at the receiver.
 */
import { TestFederation } from '../tools/harness/federation';
import { rawBullmqSeconds } from './raw-bullmq';
import { sleep } from '../tools/harness/host-process';

const N = Number(process.env.BENCH_MESSAGES ?? 5000);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 5);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const BURST = `mutation($from: ID!, $to: ID!, $label: String!, $count: Int!) { sendProbeBurst(from: $from, to: $to, label: $label, count: $count) }`;

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

/** Where a message of the throughput run spent its time, from the timestamps both databases keep. */
async function stageBreakdown(federation: TestFederation, label: string): Promise<string> {
  const sent = await federation.sql<{ id: string; created: number; published: number }>(
    'central',
    `SELECT message_id::text AS id, extract(epoch FROM created_at) * 1000 AS created, extract(epoch FROM last_published_at) * 1000 AS published
     FROM federation_outbox WHERE envelope->'payload'->>'label' LIKE $1`,
    [`${label}-%`],
  );
  const received = new Map(
    (
      await federation.sql<{ id: string; received: number; applied: number }>(
        'prov-130000',
        `SELECT message_id::text AS id, extract(epoch FROM received_at) * 1000 AS received, extract(epoch FROM applied_at) * 1000 AS applied
         FROM federation_inbox WHERE envelope->'payload'->>'label' LIKE $1`,
        [`${label}-%`],
      )
    ).map((row) => [row.id, row]),
  );
  const stage = (values: number[]) => percentile(values.sort((a, b) => a - b), 50).toFixed(1);
  const rows = sent.filter((row) => received.has(row.id));
  const span = (values: number[]) => ((Math.max(...values) - Math.min(...values)) / 1000).toFixed(2);
  return [
    `commit→published ${stage(rows.map((r) => Number(r.published) - Number(r.created)))}`,
    `published→stored ${stage(rows.map((r) => Number(received.get(r.id)!.received) - Number(r.published)))}`,
    `stored→applied ${stage(rows.map((r) => Number(received.get(r.id)!.applied) - Number(received.get(r.id)!.received)))}`,
    `sending took ${span(rows.map((r) => Number(r.created)))} s, storing ${span(rows.map((r) => Number(received.get(r.id)!.received)))} s, applying ${span(rows.map((r) => Number(received.get(r.id)!.applied)))} s`,
  ].join(', ');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const federation = await TestFederation.start({ boot: ['central', 'prov-130000', 'local-130000'], env: { LOG_LEVEL: 'info' } });
  try {
    // Warm-up: connections, prepared plans, JIT.
    await federation.gql('000000', BURST, { from: '000000', to: '130000', label: 'warm', count: 200 });
    await federation.waitIdle();

    const sample = (await federation.sql<{ envelope: object }>('central', `SELECT envelope FROM federation_outbox LIMIT 1`))[0].envelope;
    const raw = N / (await rawBullmqSeconds(REDIS_URL, N, sample));

    const started = performance.now();
    for (let sent = 0; sent < N; sent += 500) {
      await federation.gql('000000', BURST, { from: '000000', to: '130000', label: 'tput', count: Math.min(500, N - sent) });
    }
    await waitFor(federation, 'prov-130000', '130000', 'tput', N);
    const fed = N / ((performance.now() - started) / 1000);
    await federation.waitIdle(120_000);
    const stages = await stageBreakdown(federation, 'tput');

    const offered = await offer(federation, '130000', 'lat1');
    await federation.waitIdle(120_000);
    const hop = (
      await federation.sql<{ ms: number }>(
        'prov-130000',
        `SELECT extract(epoch FROM applied_at - sent_at) * 1000 AS ms FROM federation_probe WHERE node_id = '130000' AND label LIKE 'lat1-%'`,
      )
    )
      .map((row) => Number(row.ms))
      .sort((a, b) => a - b);

    await offer(federation, '130102', 'lat3');
    await federation.waitIdle(120_000);
    const firstHop = new Map(
      (await federation.sql<{ id: string; t: number }>('central', `SELECT message_id::text AS id, extract(epoch FROM created_at) * 1000 AS t FROM federation_outbox WHERE destination = '130102'`)).map(
        (row) => [row.id, Number(row.t)],
      ),
    );
    const three = (
      await federation.sql<{ correlation: string; t: number }>(
        'local-130000',
        `SELECT i.envelope->>'correlationId' AS correlation, extract(epoch FROM p.applied_at) * 1000 AS t
         FROM federation_probe p JOIN federation_inbox i ON i.message_id = p.message_id WHERE p.node_id = '130102' AND p.label LIKE 'lat3-%'`,
      )
    )
      .map((row) => Number(row.t) - firstHop.get(row.correlation)!)
      .sort((a, b) => a - b);

    const f = (x: number) => x.toFixed(1);
    process.stdout.write(
      `transport: federation ${Math.round(fed)} msg/s, raw bullmq ${Math.round(raw)} msg/s, ratio ${(fed / raw).toFixed(2)}, ` +
        `hop p50 ${f(percentile(hop, 50))} ms p99 ${f(percentile(hop, 99))} ms, 3-hop p50 ${f(percentile(three, 50))} ms` +
        ` (N=${N}, offered ${RATE} msg/s x ${LATENCY_SECONDS} s = ${offered} per path, 3-hop p99 ${f(percentile(three, 99))} ms)\n`,
    );
    process.stdout.write(`transport stages (throughput run, p50 ms): ${stages}\n`);
  } finally {
    await federation.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:transport failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
