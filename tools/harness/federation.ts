import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { Role } from '@app/federation/auth/caller';
import { CallerTokens } from '@app/federation/auth/caller-tokens';
import { DEMO_JWT_SECRET } from '@app/federation/config/host-config';
import { Registry } from '@app/federation/registry';
import { createRedisClient, primaries } from '@app/federation/transport/redis-client';
import { DivisionTree, demoTree } from '../registry/division-tree';
import { writeRegistry } from '../registry/registry-file';
import { HostProcess, sleep } from './host-process';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface FederationOptions {
  tree?: DivisionTree;
  /** Hosts to boot (all when omitted); messages for the others wait in their queues. */
  boot?: string[];
  env?: Record<string, string>;
  redisUrl?: string;
}

/** Settings that make redelivery quick enough for tests without changing any behaviour. */
const TEST_ENV = {
  FEDERATION_ACK_TIMEOUT_MS: '1000',
  FEDERATION_MAX_BACKOFF_MS: '3000',
  FEDERATION_RELAY_INTERVAL_MS: '200',
  DATABASE_POOL_SIZE: '10',
  LOG_LEVEL: 'info',
};

/**
 * A whole federation for one test file: a registry and keys in a temp dir, one database per host
 * and a queue prefix of its own, hosts as real child processes. `close()` removes all of it.
 */
export class TestFederation {
  readonly hosts = new Map<string, HostProcess>();
  private readonly pools = new Map<string, Pool>();

  private constructor(
    readonly id: string,
    readonly dir: string,
    readonly registry: Registry,
    readonly queuePrefix: string,
    readonly redisUrl: string,
  ) {}

  static async start(options: FederationOptions = {}): Promise<TestFederation> {
    const id = `t${randomBytes(4).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), `federation-${id}-`));
    const tree = options.tree ?? demoTree();
    writeRegistry({ tree, outFile: join(dir, 'registry.json'), keysDir: join(dir, 'keys') });
    const registry = Registry.load(join(dir, 'registry.json'));
    const federation = new TestFederation(id, dir, registry, `{${id}}`, options.redisUrl ?? REDIS_URL);
    for (const host of registry.hosts) {
      const env: Record<string, string> = {
        ...TEST_ENV,
        ...options.env,
        REGISTRY_FILE: join(dir, 'registry.json'),
        KEYS_DIR: join(dir, 'keys'),
        DATABASE_URL: `${POSTGRES_URL}/${federation.databaseOf(host.id)}`,
        REDIS_URL: federation.redisUrl,
        QUEUE_PREFIX: federation.queuePrefix,
      };
      federation.hosts.set(host.id, new HostProcess(host.id, host.app, env));
    }
    const boot = options.boot ?? registry.hosts.map((host) => host.id);
    try {
      await Promise.all(boot.map((hostId) => federation.host(hostId).start()));
    } catch (error) {
      await federation.close();
      throw error;
    }
    return federation;
  }

  /** A token for a caller of `nodeId` with these roles, signed as the hosts expect. */
  token(nodeId: string, roles: Role[] = [Role.InspectionOffice], expiresInSeconds = 3600): string {
    return new CallerTokens(DEMO_JWT_SECRET).issue({ subject: `test:${nodeId}`, nodeId, roles }, expiresInSeconds);
  }

  /** Runs a GraphQL operation at the host of `nodeId`, as a caller of that node. */
  gql(nodeId: string, query: string, variables?: Record<string, unknown>, roles?: Role[]) {
    return this.hostOf(nodeId).graphql(query, variables, this.token(nodeId, roles));
  }

  databaseOf(hostId: string): string {
    return `${this.id}_${hostId.replace(/-/g, '_')}`;
  }

  host(hostId: string): HostProcess {
    const host = this.hosts.get(hostId);
    if (!host) throw new Error(`no host ${hostId} in this federation`);
    return host;
  }

  /** The host that serves a node. */
  hostOf(nodeId: string): HostProcess {
    return this.host(this.registry.node(nodeId).host);
  }

  async sql<T = Record<string, unknown>>(hostId: string, text: string, params: unknown[] = []): Promise<T[]> {
    let pool = this.pools.get(hostId);
    if (!pool) {
      pool = new Pool({ connectionString: `${POSTGRES_URL}/${this.databaseOf(hostId)}`, max: 2 });
      pool.on('error', () => undefined);
      this.pools.set(hostId, pool);
    }
    return (await pool.query(text, params)).rows as T[];
  }

  /**
   * Waits until every running host has nothing unacknowledged in its outbox and holds nothing
   * back in its inbox, twice in a row (a relay may be between two rounds).
   */
  async waitIdle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietRounds = 0;
    let last = '';
    while (Date.now() < deadline) {
      const counts = await Promise.all(
        [...this.hosts.values()]
          .filter((host) => host.running)
          .map(async (host) => {
            const [row] = await this.sql<{ pending: number; held: number }>(
              host.hostId,
              `SELECT (SELECT count(*) FROM federation_outbox WHERE acked_at IS NULL)::int AS pending,
                      (SELECT count(*) FROM federation_inbox WHERE status = 'held')::int AS held`,
            );
            return `${host.hostId}:${row.pending}/${row.held}`;
          }),
      );
      last = counts.join(' ');
      const busy = counts.some((entry) => !entry.endsWith(':0/0'));
      quietRounds = busy ? 0 : quietRounds + 1;
      if (quietRounds >= 2) return;
      await sleep(200);
    }
    throw new Error(`federation not idle after ${timeoutMs} ms (pending/held per host: ${last})`);
  }

  async close(): Promise<void> {
    // Profiled hosts (HOST_NODE_ARGS) write their profiles only on a clean exit.
    const signal = process.env.HOST_NODE_ARGS ? 'SIGTERM' : 'SIGKILL';
    await Promise.all([...this.hosts.values()].map((host) => host.stop(signal)));
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    const admin = new Pool({ connectionString: `${POSTGRES_URL}/postgres`, max: 1 });
    try {
      for (const hostId of this.hosts.keys()) await admin.query(`DROP DATABASE IF EXISTS "${this.databaseOf(hostId)}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    await deleteKeys(this.redisUrl, `${this.queuePrefix}*`).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Deletes the keys matching `pattern` on the server, or on every master of a cluster (each scans only its own slots). */
export async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = createRedisClient(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for (const server of primaries(redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        // One by one on a cluster's node: keys of several slots cannot go in one DEL.
        if (keys.length > 0) await Promise.all(keys.map((key) => server.del(key)));
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
