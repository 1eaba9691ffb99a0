import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { sleep } from './host-process';

const run = promisify(execFile);

/** Low, so that a master killed by a test is failed over in a few seconds rather than fifteen. */
const NODE_TIMEOUT_MS = 1_000;

// A test that fails or times out must not leave redis-servers behind.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

interface ClusterNode {
  port: number;
  busPort: number;
  child?: ChildProcess;
}

/** One line of CLUSTER NODES, as far as the harness needs it. */
export interface ClusterNodeState {
  id: string;
  port: number;
  role: 'master' | 'replica';
  /** The master a replica copies; undefined for a master. */
  masterId?: string;
  failed: boolean;
  slots: Array<[number, number]>;
}

/**
 * A private Redis Cluster on free loopback ports, made of real `redis-server --cluster-enabled yes`
 * processes (three masters with a replica each by default) and created by `redis-cli --cluster
 * create`, as an operator would. Nothing is persisted but each node's cluster config file, which
 * lives in a temp dir removed by `stop()`. A test can kill a master and wait for its replica to
 * take over, or flush every master, without disturbing anything else on the machine.
 */
export class TestRedisCluster {
  private constructor(
    private readonly nodes: ClusterNode[],
    private readonly dir: string,
  ) {}

  static async start(options: { masters?: number; replicas?: number } = {}): Promise<TestRedisCluster> {
    const masters = options.masters ?? 3;
    const replicas = options.replicas ?? 1;
    // The bus port is chosen too (cluster-port) rather than left at port + 10000, which may be taken.
    const ports = await distinctFreePorts(2 * masters * (1 + replicas));
    const nodes = Array.from({ length: ports.length / 2 }, (_, i) => ({ port: ports[2 * i], busPort: ports[2 * i + 1] }));
    const cluster = new TestRedisCluster(nodes, mkdtempSync(join(tmpdir(), 'redis-cluster-')));
    try {
      await Promise.all(nodes.map((node) => cluster.startNode(node)));
      const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
      await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 30_000 });
      await cluster.waitUntilHealthy();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** The REDIS_URL a host is given: every node, from which the client discovers who serves what. */
  get url(): string {
    return `redis+cluster://${this.nodes.map((node) => `127.0.0.1:${node.port}`).join(',')}`;
  }

  /** The cluster as a node that is still running sees it. */
  async state(): Promise<ClusterNodeState[]> {
    const text = await this.ask((redis) => redis.call('CLUSTER', 'NODES') as Promise<string>);
    return text
      .trim()
      .split('\n')
      .map((line) => {
        const [id, address, flags, master, , , , , ...slots] = line.split(' ');
        return {
          id,
          port: Number(/:(\d+)@/.exec(address)![1]),
          role: flags.includes('master') ? 'master' : 'replica',
          masterId: master === '-' ? undefined : master,
          failed: /\bfail\b/.test(flags),
          slots: slots.filter((range) => /^\d/.test(range)).map((range) => range.split('-').map(Number) as [number, number]).map(([from, to]) => [from, to ?? from]),
        } satisfies ClusterNodeState;
      });
  }

  /** The port of the master serving `key`'s slot (a hash tag such as a queue prefix is a key too). */
  async masterOf(key: string): Promise<number> {
    const slot = await this.keySlot(key);
    const master = (await this.state()).find((node) => node.role === 'master' && !node.failed && node.slots.some(([from, to]) => slot >= from && slot <= to));
    if (!master) throw new Error(`no master serves slot ${slot}`);
    return master.port;
  }

  keySlot(key: string): Promise<number> {
    return this.ask((redis) => redis.call('CLUSTER', 'KEYSLOT', key) as Promise<number>);
  }

  /**
   * SIGKILLs the master serving `key` and waits until one of its replicas has been promoted in its
   * place and every running node says the cluster is ok again. Returns the killed and the promoted port.
   */
  async killMasterOf(key: string, timeoutMs = 30_000): Promise<{ killed: number; promoted: number }> {
    const killed = await this.masterOf(key);
    const before = await this.state();
    const killedId = before.find((node) => node.port === killed)!.id;
    const replicas = new Set(before.filter((node) => node.masterId === killedId).map((node) => node.port));
    if (replicas.size === 0) throw new Error(`master ${killed} has no replica to take over`);
    await this.killNode(this.nodes.find((node) => node.port === killed)!);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const promoted = await this.masterOf(key).catch(() => undefined);
      if (promoted !== undefined && replicas.has(promoted) && (await this.healthy())) return { killed, promoted };
      await sleep(200);
    }
    throw new Error(`no replica of master ${killed} was promoted within ${timeoutMs} ms`);
  }

  /** FLUSHALL on every running master: the cluster loses every key, as after a total loss of its memory. */
  async flushAll(): Promise<void> {
    const masters = (await this.state()).filter((node) => node.role === 'master' && !node.failed && this.isRunning(node.port));
    await Promise.all(masters.map((node) => this.onNode(node.port, (redis) => redis.flushall())));
  }

  /** Every key on every running master, with the port of the master that holds it. */
  async keys(): Promise<Array<{ key: string; port: number }>> {
    const masters = (await this.state()).filter((node) => node.role === 'master' && !node.failed && this.isRunning(node.port));
    const found = await Promise.all(
      masters.map((node) =>
        this.onNode(node.port, async (redis) => {
          const keys: string[] = [];
          let cursor = '0';
          do {
            const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
            cursor = next;
            keys.push(...batch);
          } while (cursor !== '0');
          return keys.map((key) => ({ key, port: node.port }));
        }),
      ),
    );
    return found.flat();
  }

  async waitUntilHealthy(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await this.healthy()) return;
      await sleep(200);
    }
    throw new Error(`redis cluster on ports ${this.nodes.map((node) => node.port).join(', ')} not ok within ${timeoutMs} ms`);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => this.killNode(node)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Every running node reports cluster_state:ok and all slots assigned. */
  private async healthy(): Promise<boolean> {
    const running = this.nodes.filter((node) => this.isRunning(node.port));
    const infos = await Promise.all(running.map((node) => this.onNode(node.port, (redis) => redis.call('CLUSTER', 'INFO') as Promise<string>).catch(() => '')));
    return infos.every((info) => /^cluster_state:ok/m.test(info) && /^cluster_slots_assigned:16384/m.test(info));
  }

  private isRunning(port: number): boolean {
    const child = this.nodes.find((node) => node.port === port)?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  private async startNode(node: ClusterNode): Promise<void> {
    const args = [
      ...['--port', String(node.port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(node.busPort)],
      ...['--cluster-config-file', `nodes-${node.port}.conf`, '--cluster-node-timeout', String(NODE_TIMEOUT_MS), '--dir', this.dir],
      // Nothing persisted; replicas sync over the socket at once, and may always take over.
      ...['--save', '', '--appendonly', 'no', '--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0', '--repl-diskless-load', 'on-empty-db'],
      ...['--cluster-replica-validity-factor', '0'],
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    node.child = child;
    live.add(child);
    child.on('exit', () => live.delete(child));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${node.port} exited with ${child.exitCode}`);
      if (await this.onNode(node.port, (redis) => redis.ping()).catch(() => undefined)) return;
      await sleep(100);
    }
    throw new Error(`redis-server on port ${node.port} did not start`);
  }

  private async killNode(node: ClusterNode): Promise<void> {
    const child = node.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Asks the first running node that answers. */
  private async ask<T>(question: (redis: Redis) => Promise<T>): Promise<T> {
    let last: unknown;
    for (const node of this.nodes.filter((candidate) => this.isRunning(candidate.port))) {
      try {
        return await this.onNode(node.port, question);
      } catch (error) {
        last = error;
      }
    }
    throw new Error(`no node of the redis cluster answers: ${(last as Error)?.message}`);
  }

  /** One short-lived connection to one node (not the cluster client: these are questions to that node). */
  private async onNode<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return await use(redis);
    } finally {
      redis.disconnect();
    }
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
