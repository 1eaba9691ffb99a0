import { SetMetadata } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Envelope } from '../envelope/envelope';
import { MessagePayloads, MessageType } from '../messages/message-type';
import { RegistryNode } from '../registry/registry.types';
import { OutgoingMessage } from '../transport/transport.types';

export const MESSAGE_HANDLER = Symbol('MESSAGE_HANDLER');

/** Marks a provider as the one handler of a message type. */
export const HandlesMessage = (type: MessageType) => SetMetadata(MESSAGE_HANDLER, type);

export interface DeliveryContext<T extends MessageType = MessageType> {
  /** The transaction in which the message is recorded as received; write effects through it. */
  manager: EntityManager;
  envelope: Envelope<T>;
  payload: MessagePayloads[T];
  /** The node of this host that receives the message (envelope.to). */
  node: RegistryNode;
  /** Sends a message in the same transaction, caused by this one and in its trace. */
  send<U extends MessageType>(message: Omit<OutgoingMessage<U>, 'causationId' | 'trace'>): Promise<Envelope<U>>;
  /** Several messages in one go (one statement per channel), caused by this one; order within a channel as given. */
  sendMany(messages: Array<Omit<OutgoingMessage, 'causationId' | 'trace'>>): Promise<Envelope[]>;
  /**
   * Queues messages caused by this one, written with the rest of the run's queued messages in
   * one go at its end (or before a later send, so that channel order stays the order of causes).
   * Deferred work may post too: what it posts is written after it.
   */
  post(messages: Array<Omit<OutgoingMessage, 'causationId' | 'trace'>>): void;
  /**
   * Runs `work` once after every message of the run being applied with this one, before they all
   * commit together: for work that depends on the whole run, such as re-materialising a roll-up
   * that many reports in the run change. A later call with the same key replaces an earlier one
   * that has not run yet; work may defer more work.
   */
  defer(key: string, work: () => Promise<void>): void;
  /**
   * defer for work on many items: `item` joins those every message of the run deferred under
   * `key`, and the work asked for last runs once with them all (in the order deferred). What a
   * message refused as invalid deferred is dropped with it.
   */
  deferEach<I>(key: string, item: I, work: (items: I[]) => Promise<void>): void;
}

export enum RelayDecision {
  /** Pass the message on unchanged towards its destination. */
  Forward = 'forward',
  /** This level has taken the message over (e.g. decomposed a task into its own assignments). */
  Consumed = 'consumed',
}

export interface MessageHandler<T extends MessageType = MessageType> {
  /** Applies the message at its destination. Re-read state; return early when stale. */
  apply(context: DeliveryContext<T>): Promise<void>;
  /**
   * Optional: applies several messages of this type at once, each from a different channel (so in
   * any order), with the effect of apply() on each. The inbox uses it for the messages of a run
   * that sit at the same place in their channels; a handler that cannot take one of them as a
   * group applies that one alone.
   */
  applyMany?(contexts: Array<DeliveryContext<T>>): Promise<void>;
  /** Called at each level the message passes through (统一领导、分级负责: every level records it). */
  relay?(context: DeliveryContext<T>): Promise<RelayDecision>;
}

/** Thrown by a handler when a well-signed message carries a payload it cannot accept. */
export class InvalidPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPayloadError';
  }
}
