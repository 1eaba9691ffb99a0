import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_JWT_SECRET, loadHostConfig } from '@app/federation/config/host-config';
import { PreflightError, checkRedis, ensureDatabase } from '@app/federation/host/preflight';
import { Registry } from '@app/federation/registry';
import { DivisionTree } from '../registry/division-tree';
import { writeRegistry } from '../registry/registry-file';
import { HostProcess, sleep } from './host-process';

export interface LauncherOptions {
  /** Prefix of log lines and of the databases: `[name]`, `inspection_<name>_<host>`. */
  name: string;
  tree: DivisionTree;
  dataDir: string;
  basePort: number;
  /** Hosts booted at once; a small machine boots a few at a time (each runs its migrations first). */
  bootParallel?: number;
}

/**
 * A federation of real host processes on fixed ports for people to use (`npm start`,
 * `npm run national`): writes the registry and keys, checks PostgreSQL and Redis once, starts
 * the hosts, stops them all on Ctrl-C or SIGTERM, and stops everything if one of them dies.
 */
export class Launcher {
  readonly registry: Registry;
  readonly hosts: HostProcess[];
  readonly registryVersion: number;
  private stopping = false;

  constructor(private readonly options: LauncherOptions) {
    const registryFile = join(options.dataDir, 'registry.json');
    const keysDir = join(options.dataDir, 'keys');
    mkdirSync(this.logDir, { recursive: true });
    this.registryVersion = writeRegistry({ tree: options.tree, outFile: registryFile, keysDir }).version;
    this.registry = Registry.load(registryFile);
    const postgres = (process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
    this.hosts = this.registry.hosts.map((host, index) => {
      const env = {
        HOST_ID: host.id,
        PORT: String(options.basePort + index),
        REGISTRY_FILE: registryFile,
        KEYS_DIR: keysDir,
        DATABASE_URL: `${postgres}/inspection_${options.name}_${host.id.replace(/-/g, '_')}`,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        QUEUE_PREFIX: `{${options.name}}`,
        JWT_SECRET: process.env.JWT_SECRET ?? DEMO_JWT_SECRET,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      };
      return new HostProcess(host.id, host.app, env, join(this.logDir, `${host.id}.log`));
    });
  }

  get logDir(): string {
    return join(this.options.dataDir, 'logs');
  }

  say(line: string): void {
    process.stdout.write(`[${this.options.name}] ${line}\n`);
  }

  fail(line: string): never {
    process.stderr.write(`[${this.options.name}] fatal: ${line}\n`);
    process.exit(1);
  }

  /** Checks the services once (one clear line instead of every host failing the same way), then boots the hosts. */
  async start(timeoutMs: number): Promise<void> {
    try {
      const first = loadHostConfig({ ...process.env, ...this.hosts[0].env });
      await ensureDatabase(first);
      await checkRedis(first);
    } catch (error) {
      if (error instanceof PreflightError) this.fail(error.message);
      throw error;
    }
    process.on('SIGINT', () => void this.stopAll('SIGINT'));
    process.on('SIGTERM', () => void this.stopAll('SIGTERM'));
    const parallel = this.options.bootParallel ?? this.hosts.length;
    try {
      for (let i = 0; i < this.hosts.length; i += parallel) {
        await Promise.all(this.hosts.slice(i, i + parallel).map((host) => host.start(timeoutMs)));
      }
    } catch (error) {
      this.say(`a host did not start (logs in ${this.logDir}): ${(error as Error).message.split('\n')[0]}`);
      await this.stopAll('start failed', 1);
    }
  }

  async stopAll(reason: string, code = 0): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.say(`${reason}: stopping ${this.hosts.length} hosts…`);
    await Promise.all(this.hosts.map((host) => host.stop('SIGTERM')));
    this.say('all hosts stopped');
    process.exit(code);
  }

  /** Runs until stopped; a host that dies is reported, and the rest are stopped with it. */
  async watch(): Promise<never> {
    for (;;) {
      await sleep(1_000);
      const dead = this.hosts.find((host) => !host.running);
      if (dead && !this.stopping) {
        this.say(`host ${dead.hostId} exited with ${dead.exitCode}; see ${join(this.logDir, `${dead.hostId}.log`)}`);
        await this.stopAll('host exit', 1);
      }
    }
  }
}
