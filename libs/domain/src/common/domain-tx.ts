import { MessageType, OutgoingMessage } from '@app/federation';
import { EntityManager } from 'typeorm';

/**
 * What domain writes need from a transaction, whether it was opened by a GraphQL mutation
 * (`FederationTransactions.run`) or by the inbox delivering a message (`DeliveryContext`): the
 * manager to write through and the outbox to send through, committing together.
 */
export interface DomainTx {
  manager: EntityManager;
  send<T extends MessageType>(message: Omit<OutgoingMessage<T>, 'causationId' | 'trace'>): Promise<unknown>;
  /** Many messages with one statement per channel; order within a channel is the order given. */
  sendMany(messages: Array<Omit<OutgoingMessage, 'causationId' | 'trace'>>): Promise<unknown>;
}
