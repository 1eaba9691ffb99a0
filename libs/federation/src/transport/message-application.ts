import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Envelope } from '../envelope/envelope';
import { HandlerRegistry } from '../handlers/handler-registry';
import { DeliveryContext } from '../handlers/message-handler';
import { contractOf } from '../messages/catalog';
import { inHopSpans } from '../observability/tracing';
import { DeadLetterService } from './dead-letter.service';
import { FederationMetrics } from './federation-metrics';
import { HostContext } from './host-context';
import { OutboxService } from './outbox.service';
import { Status, Stored } from './stored-message';
import { RejectReason } from './transport.types';
import { UnitEffects } from './unit-effects';

export interface Applied {
  statuses: Status[];
  /** Messages the handlers emitted, written to the outbox. */
  written: number;
  /** Why messages were refused (their contract broken). */
  refusals: string[];
}

/**
 * Applies stored messages in one transaction: the one path for a run of many and for a message
 * alone. Each is checked against its type's contract; the valid ones go to their handlers, those of
 * a type together in each round, inside one unit of work whose end-of-unit work and emitted
 * messages are settled before the rows and their channels move on.
 */
@Injectable()
export class MessageApplication {
  constructor(
    private readonly handlers: HandlerRegistry,
    private readonly outbox: OutboxService,
    private readonly deadLetters: DeadLetterService,
    private readonly host: HostContext,
    private readonly metrics: FederationMetrics,
  ) {}

  /**
   * Applies messages in one transaction: the one path for a run and for a single message. Each is
   * checked against its contract first; the valid ones are applied (or recorded and passed on) by
   * their handlers, those of a type together in each round; the effects they asked for at the end
   * run, what they emitted is written, and the rows and channels move on (unless `advance` is off:
   * a replay out of order). Throws what a handler throws.
   */
  async apply(manager: EntityManager, rows: readonly Stored[], advance: boolean): Promise<Applied> {
    const effects = new UnitEffects(manager, this.outbox);
    const statuses = new Map<string, Status>();
    const refusals: string[] = [];
    const valid: Array<{ envelope: Envelope; payload: unknown }> = [];
    for (const row of rows) {
      const checked = row.defect === null ? checkContract(row.envelope) : { refusal: row.defect };
      if ('payload' in checked) {
        valid.push({ envelope: row.envelope, payload: checked.payload });
        continue;
      }
      const { refusal } = checked;
      // The sender's bug must not block its channel for ever: consume the sequence, keep the evidence.
      await this.deadLetters.recordRefused(manager, row.envelope, RejectReason.InvalidPayload, refusal, row.raw);
      statuses.set(row.envelope.messageId, 'rejected');
      refusals.push(refusal);
    }
    for (const round of rounds(valid)) {
      for (const group of groupsOf(round)) {
        const kind = group[0].envelope.destination === group[0].envelope.to ? 'apply' : 'relay';
        const handler = this.handlers.get(group[0].envelope.type);
        await inHopSpans(
          group.map(({ envelope }) => envelope),
          kind,
          async (traces) => {
            const contexts = group.map(({ envelope, payload }, i): DeliveryContext => ({
              ...effects.unit({ messageId: envelope.messageId, trace: traces[i] }),
              envelope,
              payload: payload as DeliveryContext['payload'],
              node: this.host.registry.node(envelope.to),
            }));
            if (kind === 'apply') return handler.apply(contexts);
            await handler.relay?.(contexts);
            for (const [i, { envelope }] of group.entries()) {
              effects.forward({
                type: envelope.type,
                from: envelope.to,
                destination: envelope.destination,
                origin: envelope.origin,
                correlationId: envelope.correlationId,
                causationId: envelope.messageId,
                trace: traces[i],
                payload: envelope.payload,
              });
            }
          },
        );
        for (const { envelope } of group) statuses.set(envelope.messageId, kind === 'apply' ? 'applied' : 'relayed');
      }
    }
    const written = await effects.finish();
    const ordered = rows.map((row) => statuses.get(row.envelope.messageId)!);
    await this.markApplied(manager, rows, ordered, advance);
    return { statuses: ordered, written, refusals };
  }

  /** The rows' statuses and, when advancing, their channels' positions, in one statement. */
  async markApplied(manager: EntityManager, rows: readonly Stored[], statuses: Status[], advance: boolean): Promise<void> {
    const last = new Map<string, { node: string; peer: string; seq: number }>();
    if (advance) for (const { envelope } of rows) last.set(`${envelope.to}<${envelope.from}`, { node: envelope.to, peer: envelope.from, seq: envelope.seq });
    const positions = [...last.values()];
    await manager.query(
      `WITH marked AS (
         UPDATE federation_inbox AS i SET status = u.status, applied_at = clock_timestamp(), retry_at = NULL
         FROM unnest($1::uuid[], $2::text[]) AS u(message_id, status) WHERE i.message_id = u.message_id)
       INSERT INTO federation_channel_in AS c (node_id, peer_id, last_applied_seq, last_applied_at)
       SELECT node_id, peer_id, seq, now() FROM unnest($3::varchar[], $4::varchar[], $5::bigint[]) AS p(node_id, peer_id, seq)
       ON CONFLICT (node_id, peer_id) DO UPDATE SET last_applied_seq = EXCLUDED.last_applied_seq, last_applied_at = EXCLUDED.last_applied_at`,
      [rows.map((row) => row.envelope.messageId), statuses, positions.map((p) => p.node), positions.map((p) => p.peer), positions.map((p) => p.seq)],
    );
    const now = Date.now();
    rows.forEach(({ envelope }, index) => {
      this.metrics.applied.inc({ type: envelope.type, outcome: statuses[index] });
      const latency = (now - Date.parse(envelope.createdAt)) / 1000;
      if (advance && latency >= 0) this.metrics.hopLatency.observe(latency);
    });
  }
}

/** The payload as its type's contract reads it, or why the message breaks the contract. */
function checkContract(envelope: Envelope): { payload: unknown } | { refusal: string } {
  const contract = contractOf(envelope.type);
  if (!contract) return { refusal: `message type ${JSON.stringify(envelope.type)} is not known to this host` };
  if (envelope.schemaVersion < contract.minVersion) return { refusal: `${envelope.type} v${envelope.schemaVersion} is no longer accepted (v${contract.minVersion} and later)` };
  const checked = contract.payload.safeParse(envelope.payload);
  if (checked.success) return { payload: checked.data };
  const issues = checked.error.issues.slice(0, 5).map((issue) => `${['payload', ...issue.path].join('.')}: ${issue.message}`);
  return { refusal: `${envelope.type} v${envelope.schemaVersion} breaks its contract: ${issues.join('; ')}${checked.error.issues.length > 5 ? '; …' : ''}` };
}

/**
 * Messages by their place in their channels: the first of each channel, then the second, and so
 * on. Within a round no two come from one channel, so they may go in any order.
 */
function rounds<M extends { envelope: Envelope }>(messages: readonly M[]): M[][] {
  const result: M[][] = [];
  const depth = new Map<string, number>();
  for (const message of messages) {
    const channel = `${message.envelope.to}<${message.envelope.from}`;
    const place = depth.get(channel) ?? 0;
    depth.set(channel, place + 1);
    (result[place] ??= []).push(message);
  }
  return result;
}

/** A round's messages as their handlers take them: by type, and apart whether applied here or passed on. */
function groupsOf<M extends { envelope: Envelope }>(round: readonly M[]): M[][] {
  const groups = new Map<string, M[]>();
  for (const message of round) {
    const key = `${message.envelope.type}:${message.envelope.destination === message.envelope.to ? 'apply' : 'relay'}`;
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  return [...groups.values()];
}
