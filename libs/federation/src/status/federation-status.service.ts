import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadLetterRow } from '../transport/dead-letter.service';
import { HostContext } from '../transport/host-context';
import { InboxApplier } from '../transport/inbox-applier';
import { InboxService } from '../transport/inbox.service';
import { RejectReason } from '../transport/transport.types';
import { FederationErrorCode, FederationException } from './federation.exception';
import { ChannelStatus, DeadLetter, FederationStatus } from './federation-status.types';

@Injectable()
export class FederationStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
    private readonly inbox: InboxService,
    private readonly applier: InboxApplier,
  ) {}

  async status(nodeId: string, deadLetterLimit = 50): Promise<FederationStatus> {
    this.assertServed(nodeId);
    const [[totals], outChannels, inChannels, deadLetters] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*) FILTER (WHERE last_published_at IS NULL)::int AS backlog,
                count(*)::int AS unacknowledged,
                extract(epoch FROM now() - min(created_at))::float8 AS oldest
         FROM federation_outbox WHERE from_node = $1 AND acked_at IS NULL`,
        [nodeId],
      ),
      this.dataSource.query(
        `SELECT c.peer_id, c.last_seq,
                coalesce((SELECT max(channel_seq) FROM federation_outbox o
                          WHERE o.from_node = c.node_id AND o.to_node = c.peer_id AND o.acked_at IS NOT NULL), 0) AS acked
         FROM federation_channel_out c WHERE c.node_id = $1 ORDER BY c.peer_id`,
        [nodeId],
      ),
      // Every channel with messages in, a stuck one too: its rows are only created by a run that commits.
      this.dataSource.query(
        `SELECT p.peer_id, coalesce(c.last_applied_seq, 0) AS last_applied_seq,
                (SELECT count(*) FROM federation_inbox i WHERE i.node_id = $1 AND i.from_node = p.peer_id AND i.status = 'held')::int AS held,
                head.attempts, head.last_error, head.retry_at
         FROM (SELECT peer_id FROM federation_channel_in WHERE node_id = $1
               UNION SELECT DISTINCT from_node FROM federation_inbox WHERE node_id = $1 AND status = 'held') AS p
         LEFT JOIN federation_channel_in c ON c.node_id = $1 AND c.peer_id = p.peer_id
         LEFT JOIN LATERAL (
           SELECT attempts, last_error, retry_at FROM federation_inbox i
           WHERE i.node_id = $1 AND i.from_node = p.peer_id AND i.status = 'held' AND i.attempts > 0 ORDER BY channel_seq LIMIT 1) head ON true
         ORDER BY p.peer_id`,
        [nodeId],
      ),
      this.deadLetters(nodeId, deadLetterLimit),
    ]);
    const channels: ChannelStatus[] = [
      ...outChannels.map((row: Record<string, unknown>) => ({
        peerId: row.peer_id as string,
        direction: 'out',
        lastSeqSent: Number(row.last_seq),
        lastSeqAcknowledged: Number(row.acked),
        lastSeqApplied: 0,
        held: 0,
        failedAttempts: 0,
      })),
      ...inChannels.map((row: Record<string, unknown>) => ({
        peerId: row.peer_id as string,
        direction: 'in',
        lastSeqSent: 0,
        lastSeqAcknowledged: 0,
        lastSeqApplied: Number(row.last_applied_seq),
        held: Number(row.held),
        failedAttempts: Number(row.attempts ?? 0),
        lastError: (row.last_error as string | null) ?? undefined,
        nextRetryAt: (row.retry_at as Date | null) ?? undefined,
      })),
    ];
    return {
      nodeId,
      outboxBacklog: totals.backlog,
      unacknowledged: totals.unacknowledged,
      oldestUnacknowledgedSeconds: totals.oldest ?? undefined,
      channels,
      deadLetters,
    };
  }

  async deadLetters(nodeId: string | null, limit: number): Promise<DeadLetter[]> {
    if (nodeId) this.assertServed(nodeId);
    const rows: DeadLetterRow[] = await this.dataSource.query(
      `SELECT * FROM federation_dead_letter WHERE ($1::text IS NULL OR node_id = $1) ORDER BY last_seen_at DESC LIMIT $2`,
      [nodeId, limit],
    );
    return rows.map(toDeadLetter);
  }

  /**
   * Runs a dead letter through the receive path again, e.g. after the registry was fixed; one
   * refused after it was stored (its contract, or its handler) is applied again as it was stored,
   * out of its channel's order, e.g. after the handler was fixed.
   */
  async replay(id: string): Promise<DeadLetter> {
    const [row]: DeadLetterRow[] = await this.dataSource.query(`SELECT * FROM federation_dead_letter WHERE id = $1`, [id]);
    if (!row) throw new FederationException(FederationErrorCode.DeadLetterNotFound, `dead letter ${id} does not exist`);
    const outcome = APPLY_TIME.includes(row.reason) && row.message_id ? await this.reapply(row.message_id) : await this.receiveAgain(row);
    await this.dataSource.query(`UPDATE federation_dead_letter SET replayed_at = now(), replay_outcome = $2 WHERE id = $1`, [id, outcome]);
    const [updated]: DeadLetterRow[] = await this.dataSource.query(`SELECT * FROM federation_dead_letter WHERE id = $1`, [id]);
    return toDeadLetter(updated);
  }

  private async reapply(messageId: string): Promise<string> {
    try {
      return (await this.applier.reapply(messageId)) ?? 'not held as refused here (applied or replayed before)';
    } catch (error) {
      return `refused again: ${(error as Error).message}`.slice(0, 2_000);
    }
  }

  private async receiveAgain(row: DeadLetterRow): Promise<string> {
    const raw = row.raw ?? parseText(row.raw_text);
    const result = await this.inbox.receive(raw);
    if (result.envelope && result.outcome !== 'rejected') await this.applier.applyNow(result.envelope.to);
    return this.outcomeOf(result.outcome, result.envelope?.messageId);
  }

  private async outcomeOf(received: string, messageId?: string): Promise<string> {
    if (received === 'rejected' || !messageId) return 'rejected again (see the newest dead letters)';
    const [row] = await this.dataSource.query(`SELECT status FROM federation_inbox WHERE message_id = $1`, [messageId]);
    return row?.status === 'held' ? 'stored, waiting for its predecessor' : (row?.status ?? received);
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) {
      throw new FederationException(FederationErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}`);
    }
  }
}

/** Dead letters refused after the message was stored: replayed by applying the stored message again. */
const APPLY_TIME: readonly string[] = [RejectReason.InvalidPayload, RejectReason.ForgedContent, RejectReason.HandlerFailed];

function parseText(text: string | null): unknown {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return text;
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: String(row.id),
    messageId: row.message_id ?? undefined,
    nodeId: row.node_id ?? undefined,
    fromNode: row.from_node ?? undefined,
    type: row.type ?? undefined,
    reason: row.reason,
    detail: row.detail,
    occurrences: row.occurrences,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    replayedAt: row.replayed_at ?? undefined,
    replayOutcome: row.replay_outcome ?? undefined,
  };
}
