import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Envelope, signEnvelope } from '../envelope/envelope';
import { FederationMetrics } from './federation-metrics';
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
  async recordRefused(manager: EntityManager, envelope: Envelope, detail: string): Promise<void> {
    const evidence = envelope.signature || !this.keys.holds(envelope.from) ? envelope : signEnvelope(envelope, this.keys.privateKey(envelope.from));
    await this.record(manager, evidence, RejectReason.InvalidPayload, detail);
  }

  async record(manager: EntityManager, raw: unknown, reason: RejectReason, detail: string): Promise<void> {
    const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : null);
    const messageId = text(fields.messageId);
    await manager.query(
      `INSERT INTO federation_dead_letter (message_id, node_id, from_node, type, reason, detail, raw)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (message_id, reason) WHERE message_id IS NOT NULL
       DO UPDATE SET occurrences = federation_dead_letter.occurrences + 1, last_seen_at = now(), detail = EXCLUDED.detail`,
      [messageId, text(fields.to), text(fields.from), text(fields.type), reason, detail, JSON.stringify(rawForStorage(raw))],
    );
    this.metrics.rejected.inc({ reason });
    this.logger.warn({ messageId, reason, detail }, 'federation message rejected');
  }
}

/** Keeps the evidence but never stores more than a bounded amount of an oversized message. */
function rawForStorage(raw: unknown): unknown {
  const json = JSON.stringify(raw ?? null);
  if (json.length <= 64 * 1024) return raw ?? null;
  return { truncated: true, bytes: Buffer.byteLength(json), head: json.slice(0, 4096) };
}
