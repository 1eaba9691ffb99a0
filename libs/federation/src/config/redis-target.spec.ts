import { inspect } from 'node:util';
import { ConfigError, loadHostConfig } from './host-config';
import { parseRedisTarget, redisAddress } from './redis-target';

describe('REDIS_URL: one server or a Redis Cluster', () => {
  it('keeps a redis:// URL as it is, for ioredis to read', () => {
    expect(parseRedisTarget('redis://:pw@10.0.0.5:6380/2')).toEqual({ kind: 'server', url: 'redis://:pw@10.0.0.5:6380/2' });
    expect(redisAddress(parseRedisTarget('rediss://cache.internal'))).toBe('cache.internal:6379');
  });

  it('reads a cluster as its seed nodes, with the credentials and TLS of every node', () => {
    const target = parseRedisTarget('rediss+cluster://ops:p%40ss@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002,redis-c3/');
    expect(target).toMatchObject({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
        { host: 'redis-c3', port: 6379 },
      ],
      username: 'ops',
      tls: true,
    });
    expect(target.kind === 'cluster' && target.password?.reveal()).toBe('p@ss');
    expect(redisAddress(target)).toBe('10.0.0.1:7000,10.0.0.2:7001,[::1]:7002,redis-c3:6379');
  });

  it('takes a password alone, as ioredis does for redis://:password@host', () => {
    const target = parseRedisTarget('redis+cluster://:secret@127.0.0.1:7000');
    expect(target).toMatchObject({ kind: 'cluster', username: undefined, tls: false });
    expect(target.kind === 'cluster' && target.password?.reveal()).toBe('secret');
  });

  it('never prints the cluster password', () => {
    const config = loadHostConfig({ HOST_ID: 'central', REDIS_URL: 'redis+cluster://:hunter22@127.0.0.1:7000' });
    expect(JSON.stringify(config.redis.target)).not.toContain('hunter22');
    expect(inspect(config.redis.target)).not.toContain('hunter22');
  });

  it.each([
    ['http://127.0.0.1:6379', /must be redis:\/\/host:port \(one server\) or redis\+cluster:\/\//],
    ['redis+cluster://', /must be redis:\/\/host:port/],
    ['redis+cluster://127.0.0.1:7000,,127.0.0.1:7001', /cluster node "" is not host:port/],
    ['redis+cluster://127.0.0.1:70000', /cluster node "127.0.0.1:70000" is not host:port/],
    ['redis+cluster://127.0.0.1:7000/1', /must be redis:\/\/host:port/],
  ])('refuses REDIS_URL=%s with one line naming the variable', (url, message) => {
    let error: unknown;
    try {
      loadHostConfig({ HOST_ID: 'central', REDIS_URL: url });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^REDIS_URL: /)]);
    expect((error as ConfigError).problems[0]).toMatch(message);
  });

  it('defaults to the local server', () => {
    expect(loadHostConfig({ HOST_ID: 'central' }).redis.target).toEqual({ kind: 'server', url: 'redis://127.0.0.1:6379' });
  });
});
