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

interface Waiting {
  envelope: Envelope;
  resolve: (result: ReceiveResult) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 200;

/**
 * First half of receiving: check a delivery and store it in the inbox. Deliveries that arrive
 * together (the worker runs many at once) are stored with one INSERT and one commit, so the cost
 * of a commit is shared. Once stored a message is safe to acknowledge — PostgreSQL holds it — and
 * `InboxApplier` applies it in channel order. A message id already stored is a duplicate:
 * acknowledged again, stored once.
 */
@Injectable()
export class InboxService {
  private waiting: Waiting[] = [];
  private scheduled = false;

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
    return new Promise<ReceiveResult>((resolve, reject) => {
      this.waiting.push({ envelope: verdict.envelope, resolve, reject });
      if (this.waiting.length >= MAX_BATCH) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.waiting.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    if (this.waiting.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    try {
      const results = await this.store(batch.map((item) => item.envelope));
      batch.forEach((item, i) => item.resolve(results[i]));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  private async store(envelopes: Envelope[]): Promise<ReceiveResult[]> {
    const inserted: Array<{ message_id: string }> = await this.dataSource.query(
      `INSERT INTO federation_inbox (message_id, node_id, from_node, origin, destination, type, channel_seq, status, envelope)
       SELECT m, n, f, o, d, t, s, 'held', e
       FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::bigint[], $8::jsonb[]) AS u(m, n, f, o, d, t, s, e)
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [
        envelopes.map((e) => e.messageId),
        envelopes.map((e) => e.to),
        envelopes.map((e) => e.from),
        envelopes.map((e) => e.origin),
        envelopes.map((e) => e.destination),
        envelopes.map((e) => e.type),
        envelopes.map((e) => e.seq),
        envelopes.map((e) => JSON.stringify(e)),
      ],
    );
    const insertedIds = new Set(inserted.map((row) => row.message_id));
    const fresh = new Set(insertedIds);
    const others = envelopes.filter((e) => !insertedIds.has(e.messageId)).map((e) => e.messageId);
    const known = new Set<string>(
      others.length === 0
        ? []
        : (await this.dataSource.query(`SELECT message_id FROM federation_inbox WHERE message_id = ANY($1::uuid[])`, [others])).map(
            (row: { message_id: string }) => row.message_id,
          ),
    );
    const results: ReceiveResult[] = [];
    for (const envelope of envelopes) {
      if (fresh.delete(envelope.messageId)) {
        results.push({ outcome: 'stored', envelope });
      } else if (known.has(envelope.messageId) || insertedIds.has(envelope.messageId)) {
        // Stored before, or twice in this very batch (the same job delivered twice at once).
        this.metrics.duplicates.inc();
        results.push({ outcome: 'duplicate', envelope });
      } else {
        await this.deadLetters.record(
          this.dataSource.manager,
          envelope,
          RejectReason.SequenceConflict,
          `another message already holds sequence ${envelope.seq} on ${envelope.from} → ${envelope.to}`,
        );
        results.push({ outcome: 'rejected', envelope });
      }
    }
    return results;
  }
}
