import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Envelope } from '../envelope/envelope';
import { DeadLetterService } from './dead-letter.service';
import { EnvelopeValidator } from './envelope-validator';
import { FederationMetrics } from './federation-metrics';
import { ReceiveOutcome, RejectReason } from './transport.types';

export interface ReceiveResult {
  outcome: ReceiveOutcome;
  envelope?: Envelope;
}

/**
 * First half of receiving: check a delivery and store it in the inbox (one statement, no locks).
 * Once stored it is safe to acknowledge — PostgreSQL holds it — and `InboxApplier` applies it in
 * channel order. A message id already stored is a duplicate: acknowledged again, stored once.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly validator: EnvelopeValidator,
    private readonly deadLetters: DeadLetterService,
    private readonly metrics: FederationMetrics,
  ) {}

  async receive(raw: unknown): Promise<ReceiveResult> {
    const verdict = this.validator.check(raw);
    if (!verdict.ok) {
      await this.deadLetters.record(this.dataSource.manager, raw, verdict.reason, verdict.detail);
      return { outcome: 'rejected' };
    }
    const envelope = verdict.envelope;
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO federation_inbox (message_id, node_id, from_node, origin, destination, type, channel_seq, status, envelope)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'held', $8)
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [envelope.messageId, envelope.to, envelope.from, envelope.origin, envelope.destination, envelope.type, envelope.seq, JSON.stringify(envelope)],
    );
    if (inserted.length > 0) return { outcome: 'stored', envelope };
    const [same] = await this.dataSource.query(`SELECT 1 FROM federation_inbox WHERE message_id = $1`, [envelope.messageId]);
    if (same) {
      this.metrics.duplicates.inc();
      return { outcome: 'duplicate', envelope };
    }
    await this.deadLetters.record(
      this.dataSource.manager,
      envelope,
      RejectReason.SequenceConflict,
      `another message already holds sequence ${envelope.seq} on ${envelope.from} → ${envelope.to}`,
    );
    return { outcome: 'rejected', envelope };
  }
}
