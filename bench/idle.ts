/**
 * npm run bench:idle — what the demo's five hosts cost doing nothing: each host's CPU time (user +
 * system, from /proc) over BENCH_IDLE_SECONDS of an idle federation, as a share of one core. Prints:
 *   idle: 5 hosts over 60 s, CPU per host central 0.31% prov-130000 0.28% … (max 0.35% of a core)
 * The hosts are booted and left to settle first, so start-up and the first sweeps are not counted.
 */
import { readFileSync } from 'node:fs';
import { TestFederation } from '../tools/harness/federation';
import { sleep } from '../tools/harness/host-process';

const SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const SETTLE_SECONDS = Number(process.env.BENCH_IDLE_SETTLE_SECONDS ?? 15);
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: fields are counted from the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function main(): Promise<void> {
  // As the demo runs them: the hosts' own defaults, not the test harness's quicker timeouts.
  const federation = await TestFederation.start({ env: { FEDERATION_ACK_TIMEOUT_MS: '5000', FEDERATION_MAX_BACKOFF_MS: '60000', FEDERATION_RELAY_INTERVAL_MS: '1000', DATABASE_POOL_SIZE: '20' } });
  try {
    const hosts = [...federation.hosts.values()];
    await sleep(SETTLE_SECONDS * 1000);
    const before = hosts.map((host) => cpuSeconds(host.pid!));
    const started = performance.now();
    await sleep(SECONDS * 1000);
    const elapsed = (performance.now() - started) / 1000;
    const shares = hosts.map((host, i) => ({ host: host.hostId, percent: ((cpuSeconds(host.pid!) - before[i]) / elapsed) * 100 }));
    const max = Math.max(...shares.map((share) => share.percent));
    process.stdout.write(
      `idle: ${hosts.length} hosts over ${Math.round(elapsed)} s, CPU per host ${shares.map((share) => `${share.host} ${share.percent.toFixed(2)}%`).join(' ')} (max ${max.toFixed(2)}% of a core)\n`,
    );
  } finally {
    await federation.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:idle failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
