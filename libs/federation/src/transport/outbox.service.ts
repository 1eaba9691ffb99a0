import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FederationConfig } from '../config/host-config';
import { Envelope, newMessageId, signEnvelope } from '../envelope/envelope';
import { childTrace } from '../envelope/trace-context';
import { MESSAGE_SCHEMA_VERSION, MessageType } from '../messages/message-type';
import { FederationMetrics } from './federation-metrics';
import { HostContext } from './host-context';
import { KeyRing } from './key-ring';
import { OutgoingMessage } from './transport.types';

export class MessageTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`message of ${bytes} bytes exceeds the federation limit of ${limit} bytes`);
    this.name = 'MessageTooLargeError';
  }
}

/**
 * Writes outgoing messages into the outbox inside the caller's transaction, so a message exists
 * exactly when the business change that caused it committed. The per-channel sequence number is
 * taken under the channel row's lock, which is held until commit: sequence order is commit order
 * and a rolled-back send leaves no gap.
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly host: HostContext,
    private readonly keys: KeyRing,
    private readonly config: FederationConfig,
    private readonly metrics: FederationMetrics,
  ) {}

  async send<T extends MessageType>(manager: EntityManager, message: OutgoingMessage<T>): Promise<Envelope<T>> {
    if (!this.host.serves(message.from)) throw new Error(`node ${message.from} is not served by host ${this.host.hostId}`);
    const hop = this.host.registry.nextHop(message.from, message.destination);
    const [{ last_seq: seq }] = await manager.query(
      `INSERT INTO federation_channel_out (node_id, peer_id, last_seq) VALUES ($1, $2, 1)
       ON CONFLICT (node_id, peer_id) DO UPDATE SET last_seq = federation_channel_out.last_seq + 1
       RETURNING last_seq`,
      [message.from, hop.node.id],
    );
    const messageId = newMessageId();
    const envelope = signEnvelope<T>(
      {
        messageId,
        type: message.type,
        schemaVersion: MESSAGE_SCHEMA_VERSION[message.type],
        from: message.from,
        to: hop.node.id,
        origin: message.origin ?? message.from,
        destination: message.destination,
        correlationId: message.correlationId ?? messageId,
        causationId: message.causationId ?? null,
        seq: Number(seq),
        createdAt: new Date().toISOString(),
        payload: message.payload,
        trace: childTrace(message.trace),
      },
      this.keys.privateKey(message.from),
    );
    const json = JSON.stringify(envelope);
    const bytes = Buffer.byteLength(json);
    if (bytes > this.config.maxMessageBytes) throw new MessageTooLargeError(bytes, this.config.maxMessageBytes);
    await manager.query(
      `INSERT INTO federation_outbox (message_id, from_node, to_node, to_host, origin, destination, type, channel_seq, envelope)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [messageId, envelope.from, envelope.to, hop.node.host, envelope.origin, envelope.destination, envelope.type, envelope.seq, json],
    );
    this.metrics.sent.inc({ type: message.type });
    return envelope;
  }
}
