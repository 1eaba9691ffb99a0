import { parseArgs } from 'node:util';
import { RegistryError } from '@app/federation/registry';
import { DivisionTree, demoTree, nationalTree } from './division-tree';
import { RegistrySummary, writeRegistry } from './registry-file';

const USAGE = 'usage: registry <demo|national> [--out FILE] [--keys DIR] [--hosts N]   (--hosts only for national, default 6)';

class UsageError extends Error {}

interface Command {
  tree: DivisionTree;
  outFile: string;
  keysDir: string;
}

function parse(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string' }, keys: { type: 'string' }, hosts: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  const [command, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  if (command !== 'demo' && command !== 'national') throw new UsageError(command ? `unknown command ${command}` : 'missing command');
  if (command === 'demo' && values.hosts !== undefined) throw new UsageError('--hosts applies only to national');

  const tree = command === 'demo' ? demoTree() : national(values.hosts ?? '6');
  return { tree, outFile: values.out ?? `.data/${command}/registry.json`, keysDir: values.keys ?? `.data/${command}/keys` };
}

function national(hosts: string): DivisionTree {
  if (!/^\d+$/.test(hosts)) throw new UsageError(`--hosts must be a whole number, got ${hosts}`);
  try {
    return nationalTree(Number(hosts));
  } catch (error) {
    // nationalTree signals an unusable host count with a RangeError; anything else is not the user's doing.
    if (error instanceof RangeError) throw new UsageError(`--hosts ${hosts}: ${error.message}`);
    throw error;
  }
}

function describe(summary: RegistrySummary): string {
  const total = Object.values(summary.nodesByTier).reduce((sum, n) => sum + n, 0);
  const tiers = Object.entries(summary.nodesByTier).map(([tier, n]) => `${n} ${tier}`).join(', ');
  const version = summary.changed ? `version ${summary.version}` : `version ${summary.version} unchanged`;
  return `${summary.file}: ${total} nodes (${tiers}) on ${summary.hosts} hosts, keys ${summary.keysCreated} created / ${summary.keysKept} kept, ${version}`;
}

function main(argv: string[]): number {
  try {
    process.stdout.write(`${describe(writeRegistry(parse(argv)))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`registry: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    // A registry of thousands of nodes can fail on many of them; the first few say enough.
    const message = error instanceof RegistryError ? error.issues.slice(0, 5).map((issue) => issue.message).join('; ') : (error as Error).message;
    process.stderr.write(`registry: ${message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
