export interface RunResult {
  /** Nodes that may have more ready, because the run could not take all they had. */
  more: Set<string>;
  /** Nodes to run next in isolation (a message of theirs failed before and may be tried again). */
  isolate?: Set<string>;
}

/**
 * Applies one run for a set of nodes — or, `isolated`, for one node whose last run failed, a
 * message at a time — and says what is left.
 */
export type ApplyRun = (nodes: string[], isolated: boolean) => Promise<RunResult>;

interface Options {
  /** Runs at once: they share the connection pool with storing deliveries, the relay and acks. */
  concurrency: number;
  /** Nodes taken into one run. */
  nodesPerRun: number;
  onError: (nodes: string[], error: Error) => void;
}

/**
 * Which nodes' inboxes to apply next, and together. A host serving a thousand counties gets news
 * for hundreds at once (a nationwide task): a run per node paid for a transaction, its channel
 * query and its bookkeeping each time. Here nodes with news wait in one set and each run takes up
 * to `nodesPerRun` of them; a node is in at most one run at a time, so runs never share a node's
 * channels or locks. The nodes of a run that failed run next in isolation, one by one, so that
 * one bad message cannot hold back the rest; if that fails too (PostgreSQL away, say) the node
 * waits for the next kick (the applier's sweep brings one).
 */
export class ApplyScheduler {
  private readonly waiting = new Set<string>();
  private readonly active = new Set<string>();
  private readonly isolate = new Set<string>();
  private readonly settled = new Map<string, Array<() => void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private pumpScheduled = false;

  constructor(
    private readonly run: ApplyRun,
    private readonly options: Options,
  ) {}

  /**
   * `node` has news: it gets a run soon, after the one it is in, if any. Runs start on the next
   * turn of the event loop, so that the kicks of one burst (a commit that wrote to many nodes)
   * share runs rather than each starting one.
   */
  kick(node: string): void {
    if (this.stopped) return;
    this.waiting.add(node);
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Resolves once `node` has had a run that began after this call and nothing more is ready for it. */
  settle(node: string): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.settled.get(node) ?? [];
      waiters.push(resolve);
      this.settled.set(node, waiters);
      this.kick(node);
      if (this.stopped) this.release(node);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
    for (const node of [...this.settled.keys()]) this.release(node);
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.options.concurrency) {
      const nodes = this.take();
      if (nodes.length === 0) return;
      const run = this.runNodes(nodes).finally(() => {
        this.inFlight.delete(run);
        this.pump();
      });
      this.inFlight.add(run);
    }
  }

  /** The next run's nodes: waiting ones not in a run; a node to run in isolation by itself. */
  private take(): string[] {
    const nodes: string[] = [];
    for (const node of this.waiting) {
      if (this.active.has(node)) continue;
      if (this.isolate.has(node)) {
        if (nodes.length > 0) continue;
        nodes.push(node);
        break;
      }
      nodes.push(node);
      if (nodes.length >= this.options.nodesPerRun) break;
    }
    for (const node of nodes) {
      this.waiting.delete(node);
      this.active.add(node);
    }
    return nodes;
  }

  private async runNodes(nodes: string[]): Promise<void> {
    const isolated = nodes.length === 1 && this.isolate.has(nodes[0]);
    let more = new Set<string>();
    try {
      const result = await this.run(nodes, isolated);
      more = result.more;
      if (isolated) this.isolate.delete(nodes[0]);
      for (const node of result.isolate ?? []) {
        this.isolate.add(node);
        more.add(node);
      }
    } catch (error) {
      this.options.onError(nodes, error as Error);
      if (!isolated) {
        for (const node of nodes) this.isolate.add(node);
        more = new Set(nodes);
      }
    }
    for (const node of nodes) {
      this.active.delete(node);
      if (more.has(node) && !this.stopped) this.waiting.add(node);
      if (!this.waiting.has(node)) this.release(node);
    }
    // Nodes added to `waiting` here need a pump: the one after this run's end brings it.
  }

  private release(node: string): void {
    const waiters = this.settled.get(node);
    this.settled.delete(node);
    for (const resolve of waiters ?? []) resolve();
  }
}
