import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';
import { TestRedisServer } from './utils/redis-server';

const SEND_PROBE = `mutation($from: ID!, $to: ID!, $label: String!) { sendProbe(from: $from, to: $to, label: $label) }`;
const COUNTY = '130102';

/**
 * Exactly-once effect under the failures the design promises to survive. Counts applied effects
 * (rows at the destination), not log lines, and checks that order on the first hop is the order of
 * application at the last. Runs its own redis-server so that flushing or killing it disturbs no one.
 */
describe('federation transport under faults', () => {
  let redis: TestRedisServer;
  let federation: TestFederation;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    federation = await TestFederation.start({ boot: ['central', 'prov-130000', 'local-130000'], redisUrl: redis.url });
  });

  afterAll(async () => {
    await federation?.close();
    await redis?.stopProcess();
  });

  async function send(label: string): Promise<string> {
    const res = await federation.gql('000000', SEND_PROBE, { from: '000000', to: COUNTY, label });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.sendProbe;
  }

  /** Sends `count` probes, `parallel` at a time, calling `during(i)` before the i-th. */
  async function sendMany(prefix: string, count: number, parallel: number, during?: (i: number) => Promise<void>): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += parallel) {
      await during?.(i);
      const batch = Array.from({ length: Math.min(parallel, count - i) }, (_, k) => send(`${prefix}-${i + k}`));
      ids.push(...(await Promise.all(batch)));
    }
    return ids;
  }

  /** Every sent message applied exactly once at the county, in the order central sequenced them. */
  async function expectExactlyOnceInOrder(prefix: string, messageIds: string[]): Promise<void> {
    await federation.waitIdle(90_000);
    const applied = await federation.sql<{ label: string }>('local-130000', `SELECT label FROM federation_probe WHERE node_id = $1 AND label LIKE $2`, [COUNTY, `${prefix}-%`]);
    const labels = applied.map((row) => row.label);
    expect(new Set(labels).size).toBe(labels.length); // duplicated 0
    expect(labels.length).toBe(messageIds.length); // lost 0

    const firstHop = await federation.sql<{ message_id: string; channel_seq: string }>(
      'central',
      `SELECT message_id, channel_seq FROM federation_outbox WHERE message_id = ANY($1::uuid[])`,
      [messageIds],
    );
    const lastHop = await federation.sql<{ correlation: string; channel_seq: string }>(
      'local-130000',
      `SELECT envelope->>'correlationId' AS correlation, channel_seq FROM federation_inbox WHERE node_id = $1 AND envelope->>'correlationId' = ANY($2)`,
      [COUNTY, messageIds],
    );
    const lastSeq = new Map(lastHop.map((row) => [row.correlation, Number(row.channel_seq)]));
    const order = firstHop.sort((a, b) => Number(a.channel_seq) - Number(b.channel_seq)).map((row) => lastSeq.get(row.message_id)!);
    expect(order.every((seq, i) => i === 0 || seq > order[i - 1])).toBe(true); // out of order 0
  }

  it('recovers from Redis losing everything (FLUSHALL) in the middle of a flow', async () => {
    const ids = await sendMany('flush', 120, 10, async (i) => {
      if (i === 60) await redis.flushAll();
    });
    await expectExactlyOnceInOrder('flush', ids);
  });

  it('recovers from Redis restarting empty while messages are in flight', async () => {
    const ids = await sendMany('restart', 120, 10, async (i) => {
      if (i === 50) await redis.restart(1_000);
    });
    await expectExactlyOnceInOrder('restart', ids);
  });

  it('publishes after a restart what a host committed but was killed before publishing', async () => {
    await redis.stopProcess();
    const ids = await sendMany('unpublished', 30, 5);
    const [{ unpublished }] = await federation.sql<{ unpublished: number }>(
      'central',
      `SELECT count(*)::int AS unpublished FROM federation_outbox WHERE message_id = ANY($1::uuid[]) AND last_published_at IS NULL`,
      [ids],
    );
    expect(unpublished).toBe(30);
    await federation.host('central').stop('SIGKILL');
    await redis.startProcess();
    await federation.host('central').start();
    await expectExactlyOnceInOrder('unpublished', ids);
  });

  it('applies once when the receiver is killed mid-burst and when acknowledgements are lost', async () => {
    const ids = await sendMany('killed', 100, 10, async (i) => {
      if (i === 40) await federation.host('local-130000').stop('SIGKILL');
      if (i === 70) await federation.host('local-130000').start();
    });
    await expectExactlyOnceInOrder('killed', ids);

    // An acknowledgement lost after the apply committed: the sender publishes again, the inbox skips it.
    const reset = await federation.sql<{ message_id: string }>(
      'prov-130000',
      `UPDATE federation_outbox SET acked_at = NULL, next_attempt_at = now() WHERE from_node = '130000' AND to_node = '130100' AND envelope->>'correlationId' = ANY($1) RETURNING message_id`,
      [ids],
    );
    expect(reset.length).toBe(100);
    await expectExactlyOnceInOrder('killed', ids);
    const [{ acked }] = await federation.sql<{ acked: number }>('prov-130000', `SELECT count(*)::int AS acked FROM federation_outbox WHERE message_id = ANY($1::uuid[]) AND acked_at IS NOT NULL`, [
      reset.map((row) => row.message_id),
    ]);
    expect(acked).toBe(100);
  });

  it('delivers between two nodes of one host without Redis, once each and in order, across a kill', async () => {
    const sendLocal = async (label: string): Promise<string> => {
      const res = await federation.gql('130100', SEND_PROBE, { from: '130100', to: COUNTY, label });
      if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
      return res.body.data.sendProbe;
    };
    await redis.stopProcess();
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => sendLocal(`local-${i}`)));
    // Killed at once: what its commits' kicks had not applied yet waits in the inbox for the restart.
    await federation.host('local-130000').stop('SIGKILL');
    await redis.startProcess();
    await federation.host('local-130000').start();
    for (let i = 20; i < 40; i++) ids.push(await sendLocal(`local-${i}`));
    await federation.waitIdle();
    const applied = await federation.sql<{ message_id: string }>('local-130000', `SELECT message_id::text FROM federation_probe WHERE node_id = $1 AND label LIKE 'local-%' ORDER BY channel_seq`, [COUNTY]);
    const sequenced = await federation.sql<{ message_id: string }>('local-130000', `SELECT message_id::text FROM federation_outbox WHERE message_id = ANY($1::uuid[]) ORDER BY channel_seq`, [ids]);
    expect(applied).toHaveLength(40);
    expect(applied.map((row) => row.message_id)).toEqual(sequenced.map((row) => row.message_id));
    // The hop never went through Redis: born acknowledged, never published.
    const [hop] = await federation.sql<{ rows: number; acked: number; published: number }>(
      'local-130000',
      `SELECT count(*)::int AS rows, count(acked_at)::int AS acked, count(last_published_at)::int AS published FROM federation_outbox WHERE message_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(hop).toEqual({ rows: 40, acked: 40, published: 0 });
  });

  it('delivers 500 messages sent while a host was down, once each and in order, when it comes back', async () => {
    await federation.host('local-130000').stop('SIGTERM');
    const ids = await sendMany('offline', 500, 25);
    // The province has taken them all and keeps them until the city's host acknowledges.
    for (let waited = 0; waited < 30_000; waited += 250) {
      const [{ relayed }] = await federation.sql<{ relayed: number }>('prov-130000', `SELECT count(*)::int AS relayed FROM federation_outbox WHERE to_node = '130100' AND envelope->>'correlationId' = ANY($1)`, [ids]);
      if (relayed === 500) break;
      await sleep(250);
    }
    const [{ waiting }] = await federation.sql<{ waiting: number }>('prov-130000', `SELECT count(*)::int AS waiting FROM federation_outbox WHERE to_node = '130100' AND acked_at IS NULL`);
    expect(waiting).toBe(500);
    await federation.host('local-130000').start();
    await expectExactlyOnceInOrder('offline', ids);
  });
});
