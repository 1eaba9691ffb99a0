import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FederationTransactions, HostContext } from '@app/federation';
import { DataSource } from 'typeorm';
import { LinkageTaskConfig } from './linkage-task.config';
import { LinkageTaskLedger } from './linkage-task.ledger';

const BATCH = 200;

/**
 * Finds, on a timer, every recipient whose deadline passed unfinished, at every node this host
 * serves — so a task turns overdue when its time is up, not when someone happens to look, and
 * upper levels see it even while the recipient's host is down.
 */
@Injectable()
export class LinkageTaskSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LinkageTaskSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: FederationTransactions,
    private readonly ledger: LinkageTaskLedger,
    private readonly host: HostContext,
    private readonly config: LinkageTaskConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error) => this.logger.warn(`overdue sweep failed, will retry: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.config.sweepIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<void> {
    const served = this.host.servedNodes.map((node) => node.id);
    let due: Array<{ node_id: string; task_id: string }>;
    do {
      // The state list matches the partial index linkage_task_unit_due.
      due = await this.dataSource.query(
        `SELECT DISTINCT node_id, task_id FROM linkage_task_unit
         WHERE deadline <= now() AND state IN ('issued', 'received', 'accepted', 'in_progress') AND node_id = ANY($1)
         LIMIT ${BATCH}`,
        [served],
      );
      for (const { node_id, task_id } of due) {
        await this.transactions.run(async (tx) => {
          const record = (await this.ledger.lockTasks(tx.manager, [{ nodeId: node_id, taskId: task_id }])).get(`${node_id}:${task_id}`);
          if (record) await this.ledger.expire(tx, record, new Date());
        });
      }
    } while (due.length === BATCH);
  }
}
