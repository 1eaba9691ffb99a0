import { Secret } from './secret';

/**
 * Where a host's Redis is, read from REDIS_URL: one server (`redis://host:port`, as ioredis reads
 * it) or a Redis Cluster (`redis+cluster://[user:password@]host:port,host:port,…`; `rediss+…` for
 * TLS). A cluster is named by a few of its nodes, from which the client discovers the rest; the
 * credentials are those of every node, since nodes found later are connected with them too.
 */
export type RedisTarget = RedisServerTarget | RedisClusterTarget;

export interface RedisServerTarget {
  kind: 'server';
  url: string;
}

export interface RedisClusterTarget {
  kind: 'cluster';
  nodes: RedisNodeAddress[];
  username?: string;
  password?: Secret;
  tls: boolean;
}

export interface RedisNodeAddress {
  host: string;
  port: number;
}

export class RedisTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisTargetError';
  }
}

const SERVER_URL = /^rediss?:\/\//;
const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^@/?#]+)\/?$/;
/** A host name, an IPv4 address or a bracketed IPv6 one, and an optional port. */
const NODE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)(?::(\d{1,5}))?$/;

export function parseRedisTarget(url: string): RedisTarget {
  if (SERVER_URL.test(url)) return { kind: 'server', url };
  const match = CLUSTER_URL.exec(url);
  if (!match) {
    throw new RedisTargetError('must be redis://host:port (one server) or redis+cluster://host:port,host:port,… (a Redis Cluster; rediss:// or rediss+cluster:// for TLS)');
  }
  const [, scheme, credentials, list] = match;
  const nodes = list.split(',').map((entry) => parseNode(entry.trim()));
  const [username, password] = credentials === undefined ? [] : splitCredentials(credentials);
  return { kind: 'cluster', nodes, username: username || undefined, password: password ? new Secret(password) : undefined, tls: scheme === 'rediss' };
}

/** host:port of the server, or of the cluster's nodes as configured: for messages, never with credentials. */
export function redisAddress(target: RedisTarget): string {
  if (target.kind === 'cluster') return target.nodes.map((node) => `${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`).join(',');
  try {
    const parsed = new URL(target.url);
    return `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    return 'an unreadable REDIS_URL';
  }
}

function parseNode(entry: string): RedisNodeAddress {
  const match = NODE.exec(entry);
  const port = Number(match?.[2] ?? 6379);
  if (!match || port < 1 || port > 65535) throw new RedisTargetError(`cluster node ${JSON.stringify(entry)} is not host:port`);
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/** As ioredis reads a redis:// URL's: `user:password`, `:password`, or a user alone. */
function splitCredentials(credentials: string): [string, string] {
  const colon = credentials.indexOf(':');
  const [user, password] = colon < 0 ? [credentials, ''] : [credentials.slice(0, colon), credentials.slice(colon + 1)];
  try {
    return [decodeURIComponent(user), decodeURIComponent(password)];
  } catch {
    throw new RedisTargetError('the credentials of the cluster URL are not valid percent-encoding');
  }
}
