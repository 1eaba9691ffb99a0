import { parseArgs } from 'node:util';
import { RegistryError } from '@app/federation/registry';
import { DivisionTree, demoTree, nationalTree } from './division-tree';
import { RegistrySummary, writeRegistry } from './registry-file';

const USAGE = [
  'usage: registry <demo|national> [--out FILE] [--keys DIR] [--hosts N] [--rotate NODE,…|all]',
  '  --hosts   only for national, default 6',
  '  --rotate  give these nodes a new current encryption key; the previous one stays listed, older ones leave the registry',
].join('\n');

class UsageError extends Error {}

interface Command {
  tree: DivisionTree;
  outFile: string;
  keysDir: string;
  rotate: string[] | 'all';
}

function parse(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string' }, keys: { type: 'string' }, hosts: { type: 'string' }, rotate: { type: 'string' } },
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
  return { tree, outFile: values.out ?? `.data/${command}/registry.json`, keysDir: values.keys ?? `.data/${command}/keys`, rotate: rotation(values.rotate) };
}

function rotation(value: string | undefined): string[] | 'all' {
  if (value === undefined) return [];
  if (value === 'all') return 'all';
  const ids = value.split(',').map((id) => id.trim());
  const bad = ids.find((id) => !/^\d{6}$/.test(id));
  if (bad !== undefined) throw new UsageError(`--rotate takes six-digit node ids separated by commas, or all; got ${JSON.stringify(bad)}`);
  return ids;
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
  return `${summary.file}: ${total} nodes (${tiers}) on ${summary.hosts} hosts, keys ${summary.keysCreated} created / ${summary.keysKept} kept, encryption keys ${summary.encryptionKeysCreated} new, ${version}`;
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
