import { Envelope, MessageType, OutgoingMessage } from '@app/federation';
import { EntityManager } from 'typeorm';

/**
 * One transaction that writes and sends: a `FederatedTransaction` opened by a service, or the
 * `DeliveryContext` of a message being applied. Domain code that runs in both takes this.
 */
export interface UnitOfWork {
  manager: EntityManager;
  send<T extends MessageType>(message: Omit<OutgoingMessage<T>, 'causationId' | 'trace'>): Promise<Envelope<T>>;
}
