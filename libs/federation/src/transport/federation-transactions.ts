import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../handlers/message-handler';
import { OutboxService } from './outbox.service';
import { UnitEffects } from './unit-effects';

/**
 * The one way business code changes state and sends messages: both commit together or not at
 * all, and what was sent is published once the commit has made it durable (see OutboxService).
 */
@Injectable()
export class FederationTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** Runs `work` in a transaction; what it emitted is written, after its end-of-unit work, before the commit. */
  run<R>(work: (tx: UnitOfWork) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(async (manager) => {
      const effects = new UnitEffects(manager, this.outbox);
      const value = await work(effects.unit());
      await effects.finish();
      return value;
    });
  }
}
