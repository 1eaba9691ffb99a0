import { z } from 'zod';
import { RedisTarget, RedisTargetError, parseRedisTarget } from './redis-target';
import { Secret } from './secret';

export { Secret } from './secret';

/**
 * Configuration of one host, read once from the environment at start and injected as a typed
 * object (`HostConfig`). Each area validates its own variables; an invalid value stops the host
 * with a message naming the variable. Secrets are marked so that they are never logged.
 */
const hostId = z
  .string({ error: 'HOST_ID is required: the id of this host in the registry (e.g. central, prov-130000)' })
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'HOST_ID must be lower-case letters, digits and dashes');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  HOST_ID: hostId,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BIND_ADDRESS: z.string().min(1).default('127.0.0.1'),
  REGISTRY_FILE: z.string().min(1).default('.data/demo/registry.json'),
  KEYS_DIR: z.string().min(1).default('.data/demo/keys'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').optional(),
  DATABASE_POOL_SIZE: positiveInt(20),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^\{[A-Za-z0-9_.-]+\}$/, 'QUEUE_PREFIX must be a Redis Cluster hash tag such as {federation}')
    .default('{federation}'),
  FEDERATION_ACK_TIMEOUT_MS: positiveInt(5_000),
  FEDERATION_MAX_BACKOFF_MS: positiveInt(60_000),
  FEDERATION_MAX_MESSAGE_BYTES: positiveInt(1024 * 1024),
  FEDERATION_RELAY_INTERVAL_MS: positiveInt(1_000),
  FEDERATION_WORKER_CONCURRENCY: positiveInt(64),
  FEDERATION_APPLY_ATTEMPTS: positiveInt(5),
  FEDERATION_APPLY_RETRY_MS: positiveInt(1_000),
  JWT_SECRET: z.string().min(16, 'JWT_SECRET must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

// Abstract classes rather than interfaces so that each area is its own injection token.
export abstract class DatabaseConfig {
  url: string;
  /** Database name taken from the URL; created on first boot when missing. */
  name: string;
  /** The same server's `postgres` database, used only to create ours. */
  maintenanceUrl: string;
  poolSize: number;
}

export abstract class RedisConfig {
  url: string;
  /** One server or a cluster, as REDIS_URL names it (see redis-target.ts). */
  target: RedisTarget;
  queuePrefix: string;
}

export abstract class FederationConfig {
  ackTimeoutMs: number;
  maxBackoffMs: number;
  maxMessageBytes: number;
  relayIntervalMs: number;
  workerConcurrency: number;
  /** Attempts to apply a valid message whose handler fails, before it is dead-lettered. */
  applyAttempts: number;
  /** Wait before the second attempt, doubling after each (capped by maxBackoffMs). */
  applyRetryMs: number;
}

export abstract class AuthConfig {
  jwtSecret: Secret;
}

export abstract class HostConfig {
  hostId: string;
  port: number;
  bindAddress: string;
  registryFile: string;
  keysDir: string;
  database: DatabaseConfig;
  redis: RedisConfig;
  federation: FederationConfig;
  auth: AuthConfig;
  logLevel: string;
}

/** Used when JWT_SECRET is unset, so that the demo and tests work out of the box; every real deployment sets its own. */
export const DEMO_JWT_SECRET = 'inspection-federation-demo-secret';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadHostConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/inspection_${e.HOST_ID.replace(/-/g, '_')}`;
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new ConfigError([`DATABASE_URL: database name ${JSON.stringify(name)} must be letters, digits and underscores`]);
  }
  let redisTarget: RedisTarget;
  try {
    redisTarget = parseRedisTarget(e.REDIS_URL);
  } catch (error) {
    if (!(error instanceof RedisTargetError)) throw error;
    throw new ConfigError([`REDIS_URL: ${error.message}`]);
  }
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  return {
    hostId: e.HOST_ID,
    port: e.PORT,
    bindAddress: e.BIND_ADDRESS,
    registryFile: e.REGISTRY_FILE,
    keysDir: e.KEYS_DIR,
    database: { url: databaseUrl, name, maintenanceUrl: maintenance.toString(), poolSize: e.DATABASE_POOL_SIZE },
    redis: { url: e.REDIS_URL, target: redisTarget, queuePrefix: e.QUEUE_PREFIX },
    federation: {
      ackTimeoutMs: e.FEDERATION_ACK_TIMEOUT_MS,
      maxBackoffMs: e.FEDERATION_MAX_BACKOFF_MS,
      maxMessageBytes: e.FEDERATION_MAX_MESSAGE_BYTES,
      relayIntervalMs: e.FEDERATION_RELAY_INTERVAL_MS,
      workerConcurrency: e.FEDERATION_WORKER_CONCURRENCY,
      applyAttempts: e.FEDERATION_APPLY_ATTEMPTS,
      applyRetryMs: e.FEDERATION_APPLY_RETRY_MS,
    },
    auth: { jwtSecret: new Secret(e.JWT_SECRET ?? DEMO_JWT_SECRET) },
    logLevel: e.LOG_LEVEL,
  };
}
