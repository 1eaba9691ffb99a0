import 'reflect-metadata';
import { EntityManager } from 'typeorm';
import { Envelope } from '../envelope/envelope';
import { MessagePayloads, MessageType } from '../messages/catalog';
import { RegistryNode } from '../registry/registry.types';
import { OutgoingMessage, RejectReason } from '../transport/transport.types';

export const MESSAGE_HANDLER = Symbol('MESSAGE_HANDLER');

/** A message to send, as business code writes it: causation and trace are filled in by the unit it is emitted in. */
export type Emitted<T extends MessageType = MessageType> = Omit<OutgoingMessage<T>, 'causationId' | 'trace'>;

/**
 * One transaction that writes and sends, opened by a mutation (`FederationTransactions.run`) or by
 * the inbox applying messages: the manager to write through, and its two effects.
 */
export interface UnitOfWork {
  /** The transaction; write effects through it. */
  readonly manager: EntityManager;
  /**
   * Sends messages: they are written to the outbox together at the end of the unit, before it
   * commits, in the order emitted (so a channel's order is the order of their causes).
   */
  emit(...messages: Emitted[]): void;
  /**
   * Runs `work` once at the end of the unit, after everything else, with every item collected
   * under `key` in the order given (none when no item is given). The work asked for last under a
   * key is the one that runs; keys run in the order they were last asked for, and work may emit
   * and ask for more. For work that depends on the whole unit: a roll-up that many of a run's
   * reports change is recomputed once, not once per report.
   */
  atEnd<I = never>(key: string, work: (items: I[]) => Promise<void>, item?: I): void;
}

/** One message being applied (or recorded on its way), inside the unit of work of its run. */
export interface DeliveryContext<T extends MessageType = MessageType> extends UnitOfWork {
  envelope: Envelope<T>;
  /** The payload, checked against the type's contract. */
  payload: MessagePayloads[T];
  /** The node of this host that receives the message (envelope.to). */
  node: RegistryNode;
}

/**
 * The one handler of a message type. Each method takes the messages of one run that the inbox
 * applies together — one or many, each from a different channel, so in any order between them —
 * and gives each the effect it would have alone: the single message is the batch of one.
 */
export interface MessageHandler<T extends MessageType = MessageType> {
  /** Applies messages at their destination. Re-read state; skip what is stale or already applied. */
  apply(deliveries: ReadonlyArray<DeliveryContext<T>>): Promise<void>;
  /**
   * Optional: records messages at a level they pass through on their way (统一领导、分级负责:
   * every level sees them); they are passed on unchanged afterwards.
   */
  relay?(deliveries: ReadonlyArray<DeliveryContext<T>>): Promise<void>;
}

/**
 * Marks a provider as the one handler of a message type. The handler's class must handle that
 * type's payload: `@HandlesMessage(MessageType.A)` on a `MessageHandler<typeof MessageType.B>` does not compile.
 */
export function HandlesMessage<T extends MessageType>(type: T) {
  return <C extends abstract new (...args: never[]) => MessageHandler<T>>(target: C): void => {
    Reflect.defineMetadata(MESSAGE_HANDLER, type, target);
  };
}

/**
 * Thrown by a handler when a message that passed its contract can still never apply (names a task
 * this node does not hold, say); `reason` is what its dead letter records.
 */
export class InvalidPayloadError extends Error {
  constructor(
    message: string,
    readonly reason: RejectReason.InvalidPayload | RejectReason.ForgedContent = RejectReason.InvalidPayload,
  ) {
    super(message);
    this.name = 'InvalidPayloadError';
  }
}
