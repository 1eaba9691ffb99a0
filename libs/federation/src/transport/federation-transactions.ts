import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Envelope } from '../envelope/envelope';
import { MessageType } from '../messages/message-type';
import { OutboxService } from './outbox.service';
import { RelayService } from './relay.service';
import { OutgoingMessage } from './transport.types';

export interface FederatedTransaction {
  manager: EntityManager;
  send<T extends MessageType>(message: OutgoingMessage<T>): Promise<Envelope<T>>;
  /** Many messages with one statement per channel; order within a channel is the order given. */
  sendMany(messages: OutgoingMessage[]): Promise<Envelope[]>;
}

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

  async run<R>(work: (tx: FederatedTransaction) => Promise<R>): Promise<R> {
    let sent = false;
    const result = await this.dataSource.transaction((manager) =>
      work({
        manager,
        send: (message) => {
          sent = true;
          return this.outbox.send(manager, message);
        },
        sendMany: (messages) => {
          sent ||= messages.length > 0;
          return this.outbox.sendMany(manager, messages);
        },
      }),
    );
    if (sent) this.relay.kick();
    return result;
  }
}
