import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Envelope } from '../envelope/envelope';
import { HandlerRegistry } from '../handlers/handler-registry';
import { DeliveryContext, InvalidPayloadError, RelayDecision } from '../handlers/message-handler';
import { DeadLetterService } from './dead-letter.service';
import { EnvelopeValidator } from './envelope-validator';
import { FederationMetrics } from './federation-metrics';
import { HostContext } from './host-context';
import { OutboxService } from './outbox.service';
import { ReceiveOutcome, RejectReason } from './transport.types';

export interface ReceiveResult {
  outcome: ReceiveOutcome;
  envelope?: Envelope;
  /** Set when a gap was found: the sender should publish again everything after this sequence. */
  gapAfter?: number;
  /** True when applying wrote new outbox rows that the relay should publish. */
  sent: boolean;
}

/**
 * Receives one delivery: checks it, then in one transaction records its id in the inbox and applies
 * it — or holds it until its predecessor on the channel has been applied, so that a cancel never
 * overtakes its issue. A message id already in the inbox is a duplicate: acknowledged, not applied.
 */
@Injectable()
export class InboxService {
  private readonly logger = new Logger(InboxService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly validator: EnvelopeValidator,
    private readonly handlers: HandlerRegistry,
    private readonly outbox: OutboxService,
    private readonly deadLetters: DeadLetterService,
    private readonly host: HostContext,
    private readonly metrics: FederationMetrics,
  ) {}

  async receive(raw: unknown): Promise<ReceiveResult> {
    const verdict = this.validator.check(raw);
    if (!verdict.ok) {
      await this.deadLetters.record(this.dataSource.manager, raw, verdict.reason, verdict.detail);
      return { outcome: 'rejected', sent: false };
    }
    const envelope = verdict.envelope;
    const result = await this.dataSource.transaction((manager) => this.receiveIn(manager, envelope));
    if (result.outcome === 'duplicate') this.metrics.duplicates.inc();
    return result;
  }

  private async receiveIn(manager: EntityManager, envelope: Envelope): Promise<ReceiveResult> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO federation_inbox (message_id, node_id, from_node, origin, destination, type, channel_seq, status, envelope)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'held', $8)
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [envelope.messageId, envelope.to, envelope.from, envelope.origin, envelope.destination, envelope.type, envelope.seq, JSON.stringify(envelope)],
    );
    if (inserted.length === 0) {
      const [same] = await manager.query(`SELECT 1 FROM federation_inbox WHERE message_id = $1`, [envelope.messageId]);
      if (same) return { outcome: 'duplicate', envelope, sent: false };
      await this.deadLetters.record(manager, envelope, RejectReason.SequenceConflict, `another message already holds sequence ${envelope.seq} on ${envelope.from} → ${envelope.to}`);
      return { outcome: 'rejected', envelope, sent: false };
    }
    // Locks the channel for this transaction: deliveries on one channel apply one at a time, in order.
    const [{ last_applied_seq }] = await manager.query(
      `INSERT INTO federation_channel_in (node_id, peer_id) VALUES ($1, $2)
       ON CONFLICT (node_id, peer_id) DO UPDATE SET node_id = EXCLUDED.node_id
       RETURNING last_applied_seq`,
      [envelope.to, envelope.from],
    );
    let last = Number(last_applied_seq);
    if (envelope.seq <= last) {
      // Sequence already consumed by another message id: only possible for a forged or replayed copy.
      await manager.query(`DELETE FROM federation_inbox WHERE message_id = $1`, [envelope.messageId]);
      await this.deadLetters.record(manager, envelope, RejectReason.SequenceConflict, `sequence ${envelope.seq} on ${envelope.from} → ${envelope.to} was already applied`);
      return { outcome: 'rejected', envelope, sent: false };
    }
    if (envelope.seq > last + 1) return { outcome: 'held', envelope, gapAfter: last, sent: false };

    let sent = false;
    let next: Envelope | undefined = envelope;
    while (next) {
      sent = (await this.apply(manager, next)) || sent;
      last = next.seq;
      const [held] = await manager.query(
        `SELECT envelope FROM federation_inbox WHERE node_id = $1 AND from_node = $2 AND channel_seq = $3 AND status = 'held'`,
        [envelope.to, envelope.from, last + 1],
      );
      next = held?.envelope;
    }
    await manager.query(`UPDATE federation_channel_in SET last_applied_seq = $3, last_applied_at = now() WHERE node_id = $1 AND peer_id = $2`, [
      envelope.to,
      envelope.from,
      last,
    ]);
    return { outcome: 'applied', envelope, sent };
  }

  /** Applies (or relays) one message whose turn has come; returns whether it sent anything. */
  private async apply(manager: EntityManager, envelope: Envelope): Promise<boolean> {
    const handler = this.handlers.get(envelope.type);
    let sent = false;
    const context: DeliveryContext = {
      manager,
      envelope,
      payload: envelope.payload,
      node: this.host.registry.node(envelope.to),
      send: async (message) => {
        sent = true;
        return this.outbox.send(manager, { ...message, causationId: envelope.messageId, trace: envelope.trace });
      },
    };
    const final = envelope.destination === envelope.to;
    let status = final ? 'applied' : 'relayed';
    try {
      await manager.query('SAVEPOINT federation_apply');
      if (final) {
        await handler.apply(context);
      } else if ((await handler.relay?.(context)) !== RelayDecision.Consumed) {
        await context.send({
          type: envelope.type,
          from: envelope.to,
          destination: envelope.destination,
          origin: envelope.origin,
          correlationId: envelope.correlationId,
          payload: envelope.payload,
        });
      }
      await manager.query('RELEASE SAVEPOINT federation_apply');
    } catch (error) {
      if (!(error instanceof InvalidPayloadError)) throw error;
      // The sender's bug must not block its channel for ever: consume the sequence, keep the evidence.
      await manager.query('ROLLBACK TO SAVEPOINT federation_apply');
      sent = false;
      status = 'rejected';
      await this.deadLetters.record(manager, envelope, RejectReason.InvalidPayload, error.message);
    }
    await manager.query(`UPDATE federation_inbox SET status = $2, applied_at = now() WHERE message_id = $1`, [envelope.messageId, status]);
    this.metrics.applied.inc({ type: envelope.type, outcome: status });
    const latency = (Date.now() - Date.parse(envelope.createdAt)) / 1000;
    if (latency >= 0) this.metrics.hopLatency.observe(latency);
    if (status === 'rejected') this.logger.warn({ messageId: envelope.messageId }, 'payload rejected by its handler');
    return sent;
  }
}
