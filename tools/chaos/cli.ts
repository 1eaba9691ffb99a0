/**
 * npm run chaos -- --seconds S [--seed N]
 * A seeded fault soak; prints one line and exits non-zero on any loss, duplicate or misorder:
 *   chaos: S s, K kills, F flushes, M messages, lost 0, duplicated 0, out of order 0
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
  process.stderr.write(
    `chaos details: seed ${seed}, ${result.redisRestarts} redis restarts; ` +
      result.routes.map((r) => `${r.route.from}→${r.route.to} sent ${r.sent} lost ${r.lost} dup ${r.duplicated} misordered ${r.outOfOrder}`).join('; ') +
      '\n',
  );
  process.stdout.write(`${chaosLine(result)}\n`);
  process.exit(result.lost + result.duplicated + result.outOfOrder === 0 ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`chaos failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
