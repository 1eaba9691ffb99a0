import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { HostApp } from '@app/federation/registry';

// From tools/harness (tests) or dist/tools/harness (benchmarks), the repo root holds dist/apps.
const ROOT = __dirname.includes(`${join('dist', 'tools')}`) ? join(__dirname, '..', '..', '..') : join(__dirname, '..', '..');

// A test that fails or times out must not leave hosts behind: kill whatever is still running when Jest's worker exits.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** One host as a real child process running the compiled application. */
export class HostProcess {
  private child?: ChildProcess;
  private output = '';
  exitCode: number | null = null;

  /**
   * Chosen by the host itself (PORT=0, unless env fixes one) and read from its ready line, so two
   * hosts can never race for one port.
   */
  port = 0;

  constructor(
    readonly hostId: string,
    readonly app: HostApp,
    readonly env: Record<string, string>,
    /** Where the host's own log lines go as well (the demo keeps one file per host). */
    private readonly logFile?: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The process id while it runs. */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitCode === null;
  }

  get logs(): string {
    return this.output;
  }

  async start(timeoutMs = Number(process.env.HOST_START_TIMEOUT_MS ?? 45_000)): Promise<void> {
    this.exitCode = null;
    this.output = '';
    // HOST_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the hosts a test or benchmark boots.
    const nodeArgs = (process.env.HOST_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'apps', this.app, 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', ...this.env, HOST_ID: this.hostId },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    const log = this.logFile ? createWriteStream(this.logFile, { flags: 'a' }) : undefined;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-200_000);
      log?.write(chunk);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exitCode = code ?? (signal ? 128 : 0);
      live.delete(child);
      log?.end();
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitCode !== null) throw new Error(`host ${this.hostId} exited with ${this.exitCode} while starting:\n${this.output.slice(-4000)}`);
      const ready = new RegExp(`host ${this.hostId} \\(\\w+\\) ready at http://[^:]+:(\\d+)/graphql`).exec(this.output);
      if (!ready) {
        await sleep(100);
        continue;
      }
      this.port = Number(ready[1]);
      try {
        const res = await request(this.url).get('/health').timeout(2_000);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(150);
    }
    throw new Error(`host ${this.hostId} did not become healthy within ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
  }

  /** Stops the process: SIGTERM for a clean stop, SIGKILL to simulate a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || this.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  graphql(query: string, variables?: Record<string, unknown>, token?: string) {
    const req = request(this.url).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    return req.send({ query, variables });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
