import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../handlers/message-handler';
import { OutboxService } from './outbox.service';
import { RelayService } from './relay.service';
import { UnitEffects } from './unit-effects';

/**
 * The one way business code changes state and sends messages: both commit together or not at
 * all, and the relay is woken only after the commit, when the rows are visible to it.
 */
@Injectable()
export class FederationTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly relay: RelayService,
  ) {}

  /** Runs `work` in a transaction; what it emitted is written, after its end-of-unit work, before the commit. */
  async run<R>(work: (tx: UnitOfWork) => Promise<R>): Promise<R> {
    let written = 0;
    const result = await this.dataSource.transaction(async (manager) => {
      const effects = new UnitEffects(manager, this.outbox);
      const value = await work(effects.unit());
      written = await effects.finish();
      return value;
    });
    if (written > 0) this.relay.kick();
    return result;
  }
}
