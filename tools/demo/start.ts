#!/usr/bin/env node
/**
 * npm start — the demo federation on this machine: central, two provinces and their cities and
 * counties, one process per host, each with its own database. Seeds a demo flow once, prints every
 * GraphQL URL, and stops all hosts on Ctrl-C or SIGTERM. Running it again reuses the databases.
 */
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { Role } from '@app/federation/auth/caller';
import { CallerTokens } from '@app/federation/auth/caller-tokens';
import { DEMO_JWT_SECRET } from '@app/federation/config/host-config';
import { Registry } from '@app/federation/registry';
import { HostProcess, sleep } from '../harness/host-process';
import { Launcher } from '../harness/launcher';
import { demoTree } from '../registry/division-tree';
import { DemoClient } from './demo-client';
import { DEMO_PASSWORD, DEMO_ROLES, accountsSeed, demoUsername } from './seed-accounts';
import { roundsSeed } from './seed-rounds';
import { demoSeeds } from './seeds';

const ROOT = resolve(__dirname, '..', '..', '..');
const JWT_SECRET = process.env.JWT_SECRET ?? DEMO_JWT_SECRET;

async function main(): Promise<void> {
  const launcher = new Launcher({
    name: 'demo',
    tree: demoTree(),
    dataDir: resolve(process.env.DEMO_DIR ?? join(ROOT, '.data', 'demo')),
    basePort: Number(process.env.DEMO_BASE_PORT ?? 4000),
  });
  const { registry, hosts } = launcher;
  launcher.say(`registry: ${registry.size} nodes on ${hosts.length} hosts (version ${launcher.registryVersion})`);
  await launcher.start(90_000);
  for (const host of hosts) {
    const nodes = registry.nodesOfHost(host.hostId).map((node) => `${node.id} ${node.name}`);
    launcher.say(`${host.hostId.padEnd(13)} ${host.url}/graphql   ${nodes.join(', ')}`);
  }

  const client = demoClient(registry, hosts, (line) => launcher.say(line));
  for (const seed of [accountsSeed(registry.nodes), ...demoSeeds, roundsSeed(registry.nodes)]) {
    if (await seed.isSeeded(client)) {
      launcher.say(`seed "${seed.name}": already there`);
      continue;
    }
    launcher.say(`seed "${seed.name}": running`);
    await seed.run(client);
  }
  launcher.say(`log in at a host with an account of one of its nodes: <node id>-<role>, password ${DEMO_PASSWORD}`);
  launcher.say(`  roles: ${DEMO_ROLES.map(({ suffix, title }) => `${suffix} ${title}`).join(' · ')}`);
  launcher.say(`  e.g. ${demoUsername('000000', 'office')} at central, ${demoUsername('130102', 'office')} (长安区) at local-130000`);
  launcher.say(`ready. Tokens for scripts: npm run token -- --node 000000 --role inspection_office   (logs: ${launcher.logDir}; Ctrl-C stops all hosts)`);
  await launcher.watch();
}

function demoClient(registry: Registry, hosts: HostProcess[], say: (line: string) => void): DemoClient {
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

main().catch((error) => {
  process.stderr.write(`[demo] fatal: ${(error as Error).message}\n`);
  process.exit(1);
});
