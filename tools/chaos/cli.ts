/**
 * npm run chaos -- --seconds S [--seed N]
 * A seeded fault soak; prints one line and exits non-zero on any loss, duplicate or misorder:
 *   chaos: S s, K kills, F flushes, M messages, lost 0, duplicated 0, out of order 0
 * M counts every message a sender originated and committed: probes, task issues and amendments,
 * recipients' reports and filing messages. The per-flow verdicts go to stderr.
 */
import { chaosLine, runChaos } from './chaos';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`chaos: --${name} needs a whole number, got ${process.argv[index + 1]}\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const seconds = option('seconds', 60);
  const seed = option('seed', Math.floor(Math.random() * 2 ** 31));
  const abort = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort());
  const result = await runChaos({ seconds, seed, signal: abort.signal, log: (line) => process.stderr.write(`${line}\n`) });
  const { tasks, filings, traffic } = result;
  process.stderr.write(
    `chaos details: seed ${seed}, ${result.redisRestarts} redis restarts; ` +
      `tasks ${tasks.tasks} issued, ${tasks.amendments} amendments, ${tasks.reportsApplied} report messages applied (each a batch, level to level), ${tasks.advanced} recipients acted, ${tasks.completed} completed; ` +
      `filings ${filings.filings} requested, ${filings.submissions} versions submitted, ${filings.accepted} accepted; ` +
      `calls ${traffic.unanswered} unanswered (host down), ${traffic.refused} refused${traffic.refusals.length ? ` (${traffic.refusals.join(' | ')})` : ''}; ` +
      result.flows.map((f) => `${f.flow} ${f.committed} lost ${f.lost} dup ${f.duplicated} misordered ${f.outOfOrder}`).join('; ') +
      '\n',
  );
  process.stdout.write(`${chaosLine(result)}\n`);
  process.exit(result.lost + result.duplicated + result.outOfOrder === 0 ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`chaos failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
