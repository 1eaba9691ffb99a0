import { Client } from 'pg';
import { HostConfig } from '../config/host-config';
import { RedisClusterTarget, redisAddress } from '../config/redis-target';
import { RedisClientOptions, createRedisClient } from '../transport/redis-client';

/**
 * Checks, before Nest starts, that the services this host depends on answer. Each failure becomes
 * one line naming the service, its address and how to start it; the caller prints it and exits.
 */
export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightError';
  }
}

const CONNECT_TIMEOUT_MS = 3_000;
/** A Redis connection that tries once, within the timeout, and never queues a command. */
const ONE_TRY: RedisClientOptions = { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false };

export async function ensureDatabase(config: HostConfig): Promise<{ created: boolean }> {
  const client = new Client({ connectionString: config.database.maintenanceUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new PreflightError(
      `PostgreSQL is not answering at ${address(config.database.url, 5432)} (${reason(error)}): start it with ` +
        `"pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start" or "docker compose -f docker/compose.yml up -d postgres", or point DATABASE_URL at a running server`,
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [config.database.name]);
    if (found.rowCount) return { created: false };
    try {
      await client.query(`CREATE DATABASE "${config.database.name}"`);
      return { created: true };
    } catch (error) {
      // Two hosts booting against one server may race to create the same database.
      if ((error as { code?: string }).code === '42P04') return { created: false };
      throw new PreflightError(`PostgreSQL at ${address(config.database.url, 5432)} refused to create database ${config.database.name}: ${reason(error)}`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkRedis(config: HostConfig): Promise<void> {
  const target = config.redis.target;
  const redis = createRedisClient(target, ONE_TRY);
  redis.on('error', () => undefined);
  let clusterNode = false;
  try {
    await redis.connect();
    await redis.ping();
    // A server that refuses INFO (some managed ones do) is taken at its word.
    clusterNode = target.kind === 'server' && /^cluster_enabled:1/m.test(await redis.info('cluster').catch(() => ''));
  } catch (error) {
    if (target.kind === 'cluster' && (await clusterDisabledAt(target))) {
      throw new PreflightError(`Redis at ${redisAddress(target)} is one server, not a Redis Cluster: name it as REDIS_URL=redis://host:port`);
    }
    throw new PreflightError(
      target.kind === 'cluster'
        ? `Redis Cluster is not answering at ${redisAddress(target)} (${reason(error)}): start it (e.g. docker compose -f docker/compose.yml -f docker/compose.cluster.yml up -d redis-cluster) or point REDIS_URL at the nodes of a running cluster`
        : `Redis is not answering at ${redisAddress(target)} (${reason(error)}): start it with ` +
            `"redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no" or "docker compose -f docker/compose.yml up -d redis", or point REDIS_URL at a running server`,
    );
  } finally {
    redis.disconnect();
  }
  // One node of a cluster answers only for its own slots: the federation's keys would be MOVED elsewhere.
  if (clusterNode) {
    throw new PreflightError(`Redis at ${redisAddress(target)} is a node of a Redis Cluster: name the cluster as REDIS_URL=redis+cluster://${redisAddress(target)},<other nodes>`);
  }
}

/** Whether the first seed of a cluster URL that answers is a server without cluster support (the cluster client only says no node is available). */
async function clusterDisabledAt(target: RedisClusterTarget): Promise<boolean> {
  const credentials = target.password ? `${encodeURIComponent(target.username ?? '')}:${encodeURIComponent(target.password.reveal())}@` : '';
  for (const node of target.nodes) {
    const host = node.host.includes(':') ? `[${node.host}]` : node.host;
    const redis = createRedisClient(`redis${target.tls ? 's' : ''}://${credentials}${host}:${node.port}`, ONE_TRY);
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return /^cluster_enabled:0/m.test(await redis.info('cluster'));
    } catch {
      // not this one; try the next
    } finally {
      redis.disconnect();
    }
  }
  return false;
}

function address(url: string, defaultPort: number): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || defaultPort}`;
  } catch {
    return url;
  }
}

function reason(error: unknown): string {
  const err = error as { code?: string; message?: string; errors?: { code?: string }[] };
  return err.code ?? err.errors?.[0]?.code ?? err.message ?? String(error);
}
