import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Envelope } from '../envelope/envelope';
import { contractOf } from '../messages/catalog';
import { DeadLetterService } from './dead-letter.service';
import { EnvelopeValidator } from './envelope-validator';
import { FederationMetrics } from './federation-metrics';
import { jsonbProblem } from './jsonb-safety';
import { ReceiveOutcome, RejectReason } from './transport.types';

export interface ReceiveResult {
  outcome: ReceiveOutcome;
  envelope?: Envelope;
}

interface Waiting {
  row: InboxRow;
  resolve: (result: ReceiveResult) => void;
  reject: (error: unknown) => void;
}

/** An envelope as the inbox stores it. */
interface InboxRow {
  envelope: Envelope;
  /** When the worker took it off the queue. */
  receivedAt: Date;
  /** What it holds that cannot be applied whatever happens (text jsonb refuses); null for almost all. */
  defect: string | null;
  /** The JSON text it arrived as, kept only with a defect. */
  raw: string | null;
}

const MAX_BATCH = 200;

/**
 * First half of receiving: check a delivery and store it in the inbox. Deliveries that arrive
 * together (the worker runs many at once) are stored with one INSERT and one commit, so the cost
 * of a commit is shared; should that INSERT fail, each is stored on its own, so that one bad
 * envelope never takes the others down with it. Once stored a message is safe to acknowledge —
 * PostgreSQL holds it — and `InboxApplier` applies it in channel order. A message id already
 * stored is a duplicate: acknowledged again, stored once.
 */
@Injectable()
export class InboxService {
  private readonly logger = new Logger(InboxService.name);
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly validator: EnvelopeValidator,
    private readonly deadLetters: DeadLetterService,
    private readonly metrics: FederationMetrics,
  ) {}

  async receive(raw: unknown, receivedAt = new Date()): Promise<ReceiveResult> {
    const verdict = this.validator.check(raw);
    if (!verdict.ok) {
      await this.deadLetters.record(this.dataSource.manager, raw, verdict.reason, verdict.detail);
      return { outcome: 'rejected' };
    }
    const row = storable(verdict.envelope, receivedAt);
    return new Promise<ReceiveResult>((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
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
      const results = await this.store(batch.map((item) => item.row));
      batch.forEach((item, i) => item.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      this.logger.warn(`storing ${batch.length} deliveries together failed, storing each alone: ${(error as Error).message}`);
      await Promise.all(
        batch.map(async (item) => {
          try {
            item.resolve((await this.store([item.row]))[0]);
          } catch (alone) {
            item.reject(alone);
          }
        }),
      );
    }
  }

  private async store(rows: InboxRow[]): Promise<ReceiveResult[]> {
    const envelopes = rows.map((row) => row.envelope);
    const inserted: Array<{ message_id: string }> = await this.dataSource.query(
      `INSERT INTO federation_inbox (message_id, node_id, from_node, origin, destination, type, channel_seq, status, envelope, defect, raw, received_at)
       SELECT m, n, f, o, d, t, s, 'held', e, x, r, a
       FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::bigint[], $8::jsonb[], $9::text[], $10::text[], $11::timestamptz[])
         AS u(m, n, f, o, d, t, s, e, x, r, a)
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
        rows.map((row) => row.defect),
        rows.map((row) => row.raw),
        rows.map((row) => row.receivedAt),
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

/**
 * A well-signed envelope whose text jsonb refuses is still stored, so that its place in the
 * channel is taken and the messages after it are applied: without its payload (or trace), the
 * reason noted, its text kept for the dead letter the applier records when its turn comes.
 */
function storable(envelope: Envelope, receivedAt: Date): InboxRow {
  const { minVersion } = contractOf(envelope.type)!;
  if (envelope.schemaVersion < minVersion) {
    // An older version is no longer safe to keep (clue.transferred v1 carried clue content in clear
    // through every level): its place is taken, its payload is not stored, not even as evidence.
    const defect = `${envelope.type} v${envelope.schemaVersion} is no longer accepted (v${minVersion} and later): its payload was not kept`;
    return { envelope: { ...envelope, payload: {} } as Envelope, receivedAt, defect, raw: null };
  }
  const problem = jsonbProblem(envelope);
  if (!problem) return { envelope, receivedAt, defect: null, raw: null };
  const kept = { ...envelope, payload: {}, trace: jsonbProblem(envelope.trace) ? { traceparent: '' } : envelope.trace } as Envelope;
  return { envelope: kept, receivedAt, defect: `${problem} holds text PostgreSQL cannot store (U+0000 or half of a surrogate pair)`, raw: JSON.stringify(envelope) };
}
