import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Envelope, signEnvelope } from '../envelope/envelope';
import { FederationMetrics } from './federation-metrics';
import { jsonbProblem, storableText } from './jsonb-safety';
import { KeyRing } from './key-ring';
import { RejectReason } from './transport.types';

export interface DeadLetterRow {
  id: string;
  message_id: string | null;
  node_id: string | null;
  from_node: string | null;
  type: string | null;
  reason: RejectReason;
  detail: string;
  raw: unknown;
  raw_text: string | null;
  occurrences: number;
  first_seen_at: Date;
  last_seen_at: Date;
  replayed_at: Date | null;
  replay_outcome: string | null;
}

/** Rejected messages, with why; the same message rejected again for the same reason is counted, not duplicated. */
@Injectable()
export class DeadLetterService {
  private readonly logger = new Logger(DeadLetterService.name);

  constructor(
    private readonly metrics: FederationMetrics,
    private readonly keys: KeyRing,
  ) {}

  /**
   * A stored message the applier refused. Unsigned, it is a hop between two nodes of this host,
   * which the outbox writes unsigned (what comes over the transport is verified before it is
   * stored): kept as evidence it is signed by its sender here, so that a replay passes the inbox's
   * checks like any other.
   */
  async recordRefused(manager: EntityManager, envelope: Envelope, reason: RejectReason, detail: string, rawText?: string | null): Promise<void> {
    const evidence = envelope.signature || !this.keys.holds(envelope.from) ? envelope : signEnvelope(envelope, this.keys.privateKey(envelope.from));
    await this.record(manager, evidence, reason, detail, rawText);
  }

  /**
   * Whatever arrived, however malformed, is kept: as jsonb, or as the JSON text it arrived as
   * (`rawText`, or `raw` written out) when jsonb refuses its bytes.
   */
  async record(manager: EntityManager, raw: unknown, reason: RejectReason, detail: string, rawText?: string | null): Promise<void> {
    const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const index = (value: unknown) => (typeof value === 'string' ? storableText(value, 200) : null);
    const messageId = index(fields.messageId);
    const json = rawText ?? JSON.stringify(raw ?? null) ?? 'null';
    const asText = !!rawText || jsonbProblem(raw) !== null;
    await manager.query(
      `INSERT INTO federation_dead_letter (message_id, node_id, from_node, type, reason, detail, raw, raw_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (message_id, reason) WHERE message_id IS NOT NULL
       DO UPDATE SET occurrences = federation_dead_letter.occurrences + 1, last_seen_at = now(), detail = EXCLUDED.detail`,
      [messageId, index(fields.to), index(fields.from), index(fields.type), reason, storableText(detail, 4_000), asText ? null : bounded(json), asText ? boundedText(json) : null],
    );
    this.metrics.rejected.inc({ reason });
    this.logger.warn({ messageId, reason, detail: storableText(detail, 500) }, 'federation message rejected');
  }
}

const KEEP_BYTES = 64 * 1024;

/** Keeps the evidence but never more than a bounded amount of an oversized message. */
function bounded(json: string): string {
  if (json.length <= KEEP_BYTES) return json;
  return JSON.stringify({ truncated: true, bytes: Buffer.byteLength(json), head: json.slice(0, 4096) });
}

function boundedText(json: string): string {
  // JSON.stringify escapes U+0000 and lone surrogates, so the text itself is always storable.
  return json.length <= KEEP_BYTES ? json : json.slice(0, KEEP_BYTES);
}
