import { chaosLine, runChaos } from '../tools/chaos/chaos';

/**
 * A 60-second fault soak (seeded, so a failure can be replayed with `npm run chaos -- --seconds 60
 * --seed 20261122`): hosts SIGKILLed and restarted, Redis flushed and restarted while probes flow
 * down and up, central's linkage tasks go down to cities and counties (amended, cancelled, and
 * decomposed by provinces and cities into assignments of their own) and their reports come back,
 * and filings are asked for, submitted and reviewed; afterwards every destination applied each
 * committed message once and in order, and every level holds the last committed version of each
 * task, each recipient's last report and each filing's last state.
 */
describe('chaos soak', () => {
  it('loses, duplicates and reorders nothing while hosts and Redis fail for 60 s', async () => {
    const result = await runChaos({ seconds: 60, seed: 20261122 });
    process.stdout.write(`${chaosLine(result)}\n`);
    expect(result.kills).toBeGreaterThan(0);
    expect(result.flushes + result.redisRestarts).toBeGreaterThan(0);
    expect(result.messages).toBeGreaterThan(100);
    expect(result.tasks.tasks).toBeGreaterThan(0);
    expect(result.tasks.amendments).toBeGreaterThan(0);
    expect(result.tasks.cancellations).toBeGreaterThan(0);
    expect(result.tasks.assignments).toBeGreaterThan(0);
    expect(result.tasks.reportsApplied).toBeGreaterThan(result.tasks.tasks);
    expect(result.tasks.advanced).toBeGreaterThan(0);
    expect(result.filings.filings).toBeGreaterThan(0);
    expect(result.filings.submissions).toBeGreaterThan(0);
    expect(result.flows.map((f) => [f.flow, f.lost, f.duplicated, f.outOfOrder])).toEqual(result.flows.map((f) => [f.flow, 0, 0, 0]));
    expect({ lost: result.lost, duplicated: result.duplicated, outOfOrder: result.outOfOrder }).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
  }, 420_000);
});
