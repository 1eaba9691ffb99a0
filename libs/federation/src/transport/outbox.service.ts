import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { FederationConfig } from '../config/host-config';
import { Envelope, UnsignedEnvelope, newMessageId, signEnvelope } from '../envelope/envelope';
import { outgoingTrace } from '../observability/tracing';
import { MessageType, contractOf } from '../messages/catalog';
import { FederationMetrics } from './federation-metrics';
import { HostContext } from './host-context';
import { KeyRing } from './key-ring';
import { AfterCommit } from './after-commit';
import { LocalDeliveries } from './local-deliveries';
import { Outbound, RelayService } from './relay.service';
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
  private readonly committed: AfterCommit<Outbound>;

  constructor(
    private readonly host: HostContext,
    private readonly keys: KeyRing,
    private readonly config: FederationConfig,
    private readonly metrics: FederationMetrics,
    private readonly local: LocalDeliveries,
    relay: RelayService,
    dataSource: DataSource,
  ) {
    // Work is woken, not polled: what a transaction sent is published as soon as it has committed.
    this.committed = new AfterCommit(dataSource, (messages) => relay.publishCommitted(messages));
  }

  async send<T extends MessageType>(manager: EntityManager, message: OutgoingMessage<T>): Promise<Envelope<T>> {
    const [envelope] = await this.sendMany(manager, [message]);
    return envelope as Envelope<T>;
  }

  /**
   * Several messages in one go: one sequence allocation per channel and one INSERT for all rows.
   * Sequence numbers follow the order of `messages` within each channel; channels are locked in
   * ascending (from, to) order so that two fan-outs cannot deadlock on each other.
   */
  async sendMany(manager: EntityManager, messages: OutgoingMessage[]): Promise<Envelope[]> {
    if (messages.length === 0) return [];
    const hops = messages.map((message) => {
      if (!this.host.serves(message.from)) throw new Error(`node ${message.from} is not served by host ${this.host.hostId}`);
      return this.host.registry.nextHop(message.from, message.destination).node;
    });
    const channels = new Map<string, { from: string; to: string; count: number; next: number }>();
    messages.forEach((message, i) => {
      const key = `${message.from}>${hops[i].id}`;
      const channel = channels.get(key) ?? { from: message.from, to: hops[i].id, count: 0, next: 0 };
      channel.count++;
      channels.set(key, channel);
    });
    // One statement for all channels; rows are written, so locked, in the order given: sorted.
    const ordered = [...channels.keys()].sort().map((key) => channels.get(key)!);
    const allocated: Array<{ node_id: string; peer_id: string; last_seq: string }> = await manager.query(
      `INSERT INTO federation_channel_out AS c (node_id, peer_id, last_seq)
       SELECT node_id, peer_id, n FROM unnest($1::varchar[], $2::varchar[], $3::bigint[]) WITH ORDINALITY AS u(node_id, peer_id, n, i) ORDER BY i
       ON CONFLICT (node_id, peer_id) DO UPDATE SET last_seq = c.last_seq + EXCLUDED.last_seq
       RETURNING node_id, peer_id, last_seq`,
      [ordered.map((c) => c.from), ordered.map((c) => c.to), ordered.map((c) => c.count)],
    );
    for (const row of allocated) {
      const channel = channels.get(`${row.node_id}>${row.peer_id}`)!;
      channel.next = Number(row.last_seq) - channel.count + 1;
    }
    const createdAt = new Date().toISOString();
    // A hop to a node of this host needs no transport: its inbox row is written here, in the same
    // transaction, and its outbox row is born acknowledged (kept, like every hop, as the record of
    // what was sent). Exactly once and channel order then hold by the transaction alone. Nothing
    // verifies such a hop (it never leaves the host), so it is not signed: a county's task and its
    // receipt are most of a nationwide fan-out's hops, and signing them took a sixth of a local host's CPU.
    const local = hops.map((hop) => hop.host === this.host.hostId);
    const envelopes = messages.map((message, i): Envelope => {
      const channel = channels.get(`${message.from}>${hops[i].id}`)!;
      const messageId = message.messageId ?? newMessageId();
      const envelope: UnsignedEnvelope = {
        messageId,
        type: message.type,
        schemaVersion: contractOf(message.type)!.version,
        from: message.from,
        to: hops[i].id,
        origin: message.origin ?? message.from,
        destination: message.destination,
        correlationId: message.correlationId ?? messageId,
        causationId: message.causationId ?? null,
        seq: channel.next++,
        createdAt,
        payload: message.payload,
        trace: outgoingTrace(message.trace),
      };
      return local[i] ? envelope : signEnvelope(envelope, this.keys.privateKey(message.from));
    });
    const json = envelopes.map((envelope) => JSON.stringify(envelope));
    for (const text of json) {
      const bytes = Buffer.byteLength(text);
      if (bytes > this.config.maxMessageBytes) throw new MessageTooLargeError(bytes, this.config.maxMessageBytes);
    }
    await manager.query(
      `WITH hop AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], $8::bigint[], $9::jsonb[], $10::boolean[])
           AS u(message_id, from_node, to_node, to_host, origin, destination, type, channel_seq, envelope, local)),
       sent AS (
         INSERT INTO federation_outbox (message_id, from_node, to_node, to_host, origin, destination, type, channel_seq, envelope, acked_at, next_attempt_at)
         SELECT message_id, from_node, to_node, to_host, origin, destination, type, channel_seq, envelope, CASE WHEN local THEN now() END,
                -- Published right after the commit; the relay's scan publishes it only if that never happened.
                now() + make_interval(secs => $11::float8 / 1000) FROM hop)
       INSERT INTO federation_inbox (message_id, node_id, from_node, origin, destination, type, channel_seq, status, envelope)
       SELECT message_id, to_node, from_node, origin, destination, type, channel_seq, 'held', envelope FROM hop WHERE local`,
      [
        envelopes.map((e) => e.messageId),
        envelopes.map((e) => e.from),
        envelopes.map((e) => e.to),
        hops.map((hop) => hop.host),
        envelopes.map((e) => e.origin),
        envelopes.map((e) => e.destination),
        envelopes.map((e) => e.type),
        envelopes.map((e) => e.seq),
        json,
        local,
        this.config.ackTimeoutMs,
      ],
    );
    const receivers = envelopes.filter((_, i) => local[i]).map((e) => e.to);
    if (receivers.length > 0) {
      this.local.queue(manager, receivers);
      this.metrics.deliveredLocally.inc(receivers.length);
    }
    const remote = envelopes.flatMap((envelope, i) => (local[i] ? [] : [{ messageId: envelope.messageId, toHost: hops[i].host, envelope, bytes: Buffer.byteLength(json[i]) }]));
    if (remote.length > 0) this.committed.queue(manager, remote);
    for (const envelope of envelopes) this.metrics.sent.inc({ type: envelope.type });
    return envelopes;
  }
}
