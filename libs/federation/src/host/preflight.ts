import Redis from 'ioredis';
import { Client } from 'pg';
import { HostConfig } from '../config/host-config';

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
  const redis = new Redis(config.redis.url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new PreflightError(
      `Redis is not answering at ${address(config.redis.url, 6379)} (${reason(error)}): start it with ` +
        `"redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no" or "docker compose -f docker/compose.yml up -d redis", or point REDIS_URL at a running server`,
    );
  } finally {
    redis.disconnect();
  }
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
