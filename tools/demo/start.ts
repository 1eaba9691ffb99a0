#!/usr/bin/env node
/**
 * npm start — the demo federation on this machine: central, two provinces and their cities and
 * counties, one process per host, each with its own database. Seeds a demo flow once, prints every
 * GraphQL URL, and stops all hosts on Ctrl-C or SIGTERM. Running it again reuses the databases.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { Role } from '@app/federation/auth/caller';
import { CallerTokens } from '@app/federation/auth/caller-tokens';
import { DEMO_JWT_SECRET } from '@app/federation/config/host-config';
import { loadHostConfig } from '@app/federation/config/host-config';
import { PreflightError, checkRedis, ensureDatabase } from '@app/federation/host/preflight';
import { Registry } from '@app/federation/registry';
import { HostProcess, sleep } from '../harness/host-process';
import { demoTree } from '../registry/division-tree';
import { writeRegistry } from '../registry/registry-file';
import { DemoClient } from './demo-client';
import { demoSeeds } from './seeds';

const ROOT = resolve(__dirname, '..', '..', '..');
const DATA = resolve(process.env.DEMO_DIR ?? join(ROOT, '.data', 'demo'));
const POSTGRES_URL = (process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BASE_PORT = Number(process.env.DEMO_BASE_PORT ?? 4000);
const JWT_SECRET = process.env.JWT_SECRET ?? DEMO_JWT_SECRET;

async function main(): Promise<void> {
  const registryFile = join(DATA, 'registry.json');
  const keysDir = join(DATA, 'keys');
  mkdirSync(join(DATA, 'logs'), { recursive: true });
  const summary = writeRegistry({ tree: demoTree(), outFile: registryFile, keysDir });
  const registry = Registry.load(registryFile);
  say(`registry ${registryFile}: ${registry.size} nodes on ${registry.hosts.length} hosts (version ${summary.version})`);

  const hosts = registry.hosts.map((host, index) => {
    const env = {
      HOST_ID: host.id,
      PORT: String(BASE_PORT + index),
      REGISTRY_FILE: registryFile,
      KEYS_DIR: keysDir,
      DATABASE_URL: `${POSTGRES_URL}/inspection_demo_${host.id.replace(/-/g, '_')}`,
      REDIS_URL,
      QUEUE_PREFIX: '{demo}',
      JWT_SECRET,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    };
    return new HostProcess(host.id, host.app, env, join(DATA, 'logs', `${host.id}.log`));
  });

  // One clear line instead of five hosts failing the same way.
  try {
    const first = loadHostConfig({ ...process.env, ...hosts[0].env });
    await ensureDatabase(first);
    await checkRedis(first);
  } catch (error) {
    if (error instanceof PreflightError) fail(error.message);
    throw error;
  }

  let stopping = false;
  const stopAll = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping ${hosts.length} hosts…`);
    await Promise.all(hosts.map((host) => host.stop('SIGTERM')));
    say('all hosts stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));

  try {
    await Promise.all(hosts.map((host) => host.start(90_000)));
  } catch (error) {
    await Promise.all(hosts.map((host) => host.stop('SIGTERM')));
    fail(`a host did not start (logs in ${join(DATA, 'logs')}): ${(error as Error).message.split('\n')[0]}`);
  }
  for (const host of hosts) {
    const nodes = registry.nodesOfHost(host.hostId).map((node) => `${node.id} ${node.name}`);
    say(`${host.hostId.padEnd(13)} ${host.url}/graphql   ${nodes.join(', ')}`);
  }

  const client = demoClient(registry, hosts);
  for (const seed of demoSeeds) {
    if (await seed.isSeeded(client)) {
      say(`seed "${seed.name}": already there`);
      continue;
    }
    say(`seed "${seed.name}": running`);
    await seed.run(client);
  }
  say(`ready. Tokens: npm run token -- --node 000000 --role inspection_office   (logs: ${join(DATA, 'logs')}; Ctrl-C stops all hosts)`);

  // Watch the children: one that dies is reported, not silently left dead.
  for (;;) {
    await sleep(1_000);
    for (const host of hosts) {
      if (!stopping && !host.running) {
        say(`host ${host.hostId} exited with ${host.exitCode}; see ${join(DATA, 'logs', `${host.hostId}.log`)}`);
        await stopAll('host exit');
      }
    }
  }
}

function demoClient(registry: Registry, hosts: HostProcess[]): DemoClient {
  const tokens = new CallerTokens(JWT_SECRET);
  const byId = new Map(hosts.map((host) => [host.hostId, host]));
  const pools = new Map<string, Pool>();
  return {
    async gql<T>(nodeId: string, query: string, variables?: Record<string, unknown>, roles: Role[] = [Role.InspectionOffice]): Promise<T> {
      const host = byId.get(registry.node(nodeId).host)!;
      const token = tokens.issue({ subject: `demo:${nodeId}`, nodeId, roles }, 600);
      const res = await host.graphql(query, variables, token);
      if (res.body.errors) throw new Error(`${nodeId}: ${res.body.errors.map((e: { message: string }) => e.message).join('; ')}`);
      return res.body.data as T;
    },
    async waitIdle(timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        let busy = 0;
        for (const host of hosts) {
          let pool = pools.get(host.hostId);
          if (!pool) pools.set(host.hostId, (pool = new Pool({ connectionString: host.env.DATABASE_URL, max: 1 })));
          const { rows } = await pool.query(
            `SELECT (SELECT count(*) FROM federation_outbox WHERE acked_at IS NULL) + (SELECT count(*) FROM federation_inbox WHERE status = 'held') AS busy`,
          );
          busy += Number(rows[0].busy);
        }
        if (busy === 0) return;
        await sleep(200);
      }
      throw new Error('the federation did not become idle');
    },
    log: say,
  };
}

function say(line: string): void {
  process.stdout.write(`[demo] ${line}\n`);
}

function fail(line: string): never {
  process.stderr.write(`[demo] fatal: ${line}\n`);
  process.exit(1);
}

main().catch((error) => fail((error as Error).message));
