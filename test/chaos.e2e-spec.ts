import { chaosLine, runChaos } from '../tools/chaos/chaos';

/**
 * A 60-second fault soak (seeded, so a failure can be replayed with `npm run chaos -- --seconds 60
 * --seed 20261122`): hosts SIGKILLed and restarted, Redis flushed and restarted while probes flow
 * down and up; afterwards every destination applied each committed message once and in order.
 */
describe('chaos soak', () => {
  it('loses, duplicates and reorders nothing while hosts and Redis fail for 60 s', async () => {
    const result = await runChaos({ seconds: 60, seed: 20261122 });
    process.stdout.write(`${chaosLine(result)}\n`);
    expect(result.kills).toBeGreaterThan(0);
    expect(result.flushes + result.redisRestarts).toBeGreaterThan(0);
    expect(result.messages).toBeGreaterThan(100);
    expect(result.routes.map((r) => [r.route.from, r.route.to, r.lost, r.duplicated, r.outOfOrder])).toEqual(
      result.routes.map((r) => [r.route.from, r.route.to, 0, 0, 0]),
    );
    expect({ lost: result.lost, duplicated: result.duplicated, outOfOrder: result.outOfOrder }).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
  }, 420_000);
});
