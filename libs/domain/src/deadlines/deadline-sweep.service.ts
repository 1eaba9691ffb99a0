import { FederationTransactions, HostContext } from '@app/federation';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DeadlineConfig } from './deadline-config';
import { selectDeadlines } from './deadline-rows';
import { DeadlineTracker } from './deadline-tracker.service';

/**
 * Finds, on every host and on a timer, the obligations of its nodes whose day has passed, marks
 * them overdue and alerts the supervising parent. Lateness is detected as time passes, not when
 * someone looks; a host that was down catches up on its first round after boot.
 */
@Injectable()
export class DeadlineSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly transactions: FederationTransactions,
    private readonly host: HostContext,
    private readonly tracker: DeadlineTracker,
    private readonly config: DeadlineConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.sweepIntervalMs);
    void this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One round; returns how many obligations turned overdue. Rounds never overlap. */
  sweep(): Promise<number> {
    this.running ??= this.round()
      .catch((error: Error) => {
        this.logger.warn(`deadline sweep failed, will retry: ${error.message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<number> {
    const served = this.host.servedNodes.map((node) => node.id);
    let marked = 0;
    // One row per transaction: a late obligation never waits behind another owner's channel.
    while (!this.stopped) {
      const found = await this.transactions.run(async (tx) => {
        const [row] = await selectDeadlines(
          tx.manager,
          `node_id = owner_node_id AND node_id = ANY($1) AND status = 'open' AND overdue_from <= now()`,
          [served],
          'ORDER BY overdue_from LIMIT 1 FOR UPDATE SKIP LOCKED',
        );
        if (row) await this.tracker.markOverdue(tx, row);
        return row !== undefined;
      });
      if (!found) break;
      marked++;
    }
    if (marked > 0) this.logger.log(`${marked} obligation(s) became overdue`);
    return marked;
  }
}
