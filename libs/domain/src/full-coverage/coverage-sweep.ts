import { FederationTransactions, HostContext } from '@app/federation';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CoverageConfig } from './coverage-config';
import { CoverageService } from './coverage.service';

/**
 * Recounts the coverage of every node of the host on a timer: nothing else happens when a term's
 * warning window opens, and the warning must still travel up. Unchanged tallies send nothing.
 */
@Injectable()
export class CoverageSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CoverageSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly transactions: FederationTransactions,
    private readonly host: HostContext,
    private readonly coverage: CoverageService,
    private readonly config: CoverageConfig,
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

  sweep(): Promise<void> {
    this.running ??= this.round()
      .catch((error: Error) => this.logger.warn(`coverage sweep failed, will retry: ${error.message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const [{ nodes }] = await this.transactions.run((tx) => tx.manager.query(`SELECT array_agg(DISTINCT node_id) AS nodes FROM inspection_term WHERE node_id = ANY($1)`, [this.host.servedNodes.map((node) => node.id)]));
    for (const nodeId of (nodes as string[] | null) ?? []) {
      if (this.stopped) return;
      await this.transactions.run((tx) => this.coverage.recount(tx, nodeId));
    }
  }
}
