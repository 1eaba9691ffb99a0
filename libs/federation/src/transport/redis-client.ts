import Redis, { Cluster } from 'ioredis';
import { RedisTarget, parseRedisTarget } from '../config/redis-target';

/** A connection to the one server, or to a Redis Cluster (BullMQ takes either). */
export type RedisClient = Redis | Cluster;

/** What a connection needs, said once for both kinds; a cluster maps each onto its own option. */
export interface RedisClientOptions {
  /** null for BullMQ's blocking consumers (BullMQ refuses anything else there); small to fail fast. */
  maxRetriesPerRequest: number | null;
  enableOfflineQueue?: boolean;
  lazyConnect?: boolean;
  connectTimeout?: number;
  /**
   * Delay before connecting again, or null to give up: of the connection to the server, or of the
   * cluster as a whole (a node that dies is not reconnected; its replica is found from the others).
   */
  retryStrategy?: (times: number) => number | null;
}

/**
 * Every connection of the federation to Redis is made here, so that one REDIS_URL decides for all
 * of them — producer, consumers, health, preflight and the test harness — whether it is a server
 * or a cluster. On a cluster every key of the federation must hash to one slot: QUEUE_PREFIX is a
 * hash tag, and BullMQ's multi-key scripts then stay on one node.
 */
export function createRedisClient(target: RedisTarget | string, options: RedisClientOptions): RedisClient {
  const resolved = typeof target === 'string' ? parseRedisTarget(target) : target;
  if (resolved.kind === 'server') return new Redis(resolved.url, definedOnly(options));
  const { retryStrategy, enableOfflineQueue, lazyConnect, ...perNode } = options;
  return new Cluster(
    resolved.nodes,
    definedOnly({
      clusterRetryStrategy: retryStrategy,
      enableOfflineQueue,
      lazyConnect,
      redisOptions: definedOnly({
        ...perNode,
        username: resolved.username,
        password: resolved.password?.reveal(),
        tls: resolved.tls ? {} : undefined,
      }),
    }),
  );
}

/** The servers that hold keys: each master of a cluster (every one its own part of the slots), or the one server. */
export function primaries(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}
