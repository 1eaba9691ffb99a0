import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';
import { TestRedisServer } from './utils/redis-server';

const PROBE = `mutation($label: String!) { sendProbe(from: "000000", to: "130000", label: $label) }`;

/**
 * What an operator reading a host's log learns when something goes wrong: a peer host that stops
 * acknowledging, Redis flushed, a host catching up after a restart — each said once per episode
 * with its counts, and its end said too, however many messages it concerned.
 */
describe('operator logs: federation episodes, once each', () => {
  let federation: TestFederation;
  let redis: TestRedisServer;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    federation = await TestFederation.start({ boot: ['central', 'prov-130000'], redisUrl: redis.url });
  });

  afterAll(async () => {
    await federation?.close();
    await redis?.stopProcess();
  });

  /** The log lines (pino JSON) of a host whose message matches. */
  function lines(hostId: string, pattern: RegExp): string[] {
    return federation
      .host(hostId)
      .logs.split('\n')
      .flatMap((line) => {
        try {
          const msg = JSON.parse(line).msg as string;
          return pattern.test(msg) ? [msg] : [];
        } catch {
          return [];
        }
      });
  }

  async function probes(count: number, prefix: string): Promise<void> {
    for (let i = 0; i < count; i++) {
      const res = await federation.gql('000000', PROBE, { label: `${prefix}-${i}` });
      expect(res.body.errors).toBeUndefined();
    }
  }

  it('says once that a peer host stopped acknowledging, while publishing again many times, and once that it is back', async () => {
    await federation.host('prov-130000').stop();
    await probes(5, 'down');
    // With the test's 1 s acknowledgement timeout and 3 s cap, several rounds of publishing again.
    await sleep(6_000);
    const [{ attempts }] = await federation.sql<{ attempts: number }>('central', `SELECT max(attempts)::int AS attempts FROM federation_outbox WHERE acked_at IS NULL`);
    expect(attempts).toBeGreaterThan(2);
    expect(lines('central', /host prov-130000 has not acknowledged/)).toHaveLength(1);
    expect(lines('central', /host prov-130000 has not acknowledged/)[0]).toMatch(/has not acknowledged [1-5] message\(s\)/);

    await federation.host('prov-130000').start();
    await federation.waitIdle();
    expect(lines('central', /host prov-130000 acknowledges again/)).toHaveLength(1);
  });

  it('after a FLUSHALL says once that messages went unacknowledged and were published again, and once that they arrived', async () => {
    // The province is slow to take its queue: jobs wait there when Redis loses everything.
    await federation.host('prov-130000').stop();
    await probes(4, 'flushed');
    await sleep(300);
    await redis.flushAll();
    await federation.host('prov-130000').start();
    await federation.waitIdle();
    expect(lines('central', /host prov-130000 has not acknowledged/)).toHaveLength(2);
    expect(lines('central', /host prov-130000 acknowledges again/)).toHaveLength(2);
    const [{ n }] = await federation.sql<{ n: number }>('prov-130000', `SELECT count(*)::int AS n FROM federation_probe WHERE label LIKE 'flushed-%'`);
    expect(n).toBe(4);
  });

  it('says once that Redis cannot be reached, and once that it answers again', async () => {
    await redis.stopProcess();
    await probes(3, 'no-redis');
    await sleep(2_000);
    await probes(2, 'no-redis-more');
    expect(lines('central', /cannot publish to Redis/)).toHaveLength(1);
    await redis.startProcess();
    await federation.waitIdle();
    expect(lines('central', /Redis answers again/)).toHaveLength(1);
    const [{ n }] = await federation.sql<{ n: number }>('prov-130000', `SELECT count(*)::int AS n FROM federation_probe WHERE label LIKE 'no-redis%'`);
    expect(n).toBe(5);
  });

  it('says on start what a restarted host has to catch up with', async () => {
    await federation.host('prov-130000').stop();
    await probes(3, 'catch-up');
    await sleep(1_500);
    await federation.host('central').stop();
    await federation.host('prov-130000').start();
    await federation.host('central').start();
    expect(lines('central', /catching up: 3 message\(s\) for host prov-130000/)).toHaveLength(1);
    await federation.waitIdle();
  });
});
