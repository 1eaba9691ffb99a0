import { Injectable } from '@nestjs/common';
import { newMessageId } from '../envelope/envelope';
import { MessageType } from '../messages/catalog';
import { FederationTransactions } from '../transport/federation-transactions';

export interface ProbeRecord {
  messageId: string;
  nodeId: string;
  origin: string;
  label: string;
  bodyBytes: number;
  channelSeq: number;
  sentAt: Date;
  appliedAt: Date;
}

/** Sends operator probes through the federation and lists those that arrived at a node. */
@Injectable()
export class ProbeService {
  constructor(private readonly transactions: FederationTransactions) {}

  async send(from: string, destination: string, label: string, body?: string): Promise<string> {
    const messageId = newMessageId();
    await this.transactions.run(async (tx) => tx.emit({ type: MessageType.Probe, messageId, from, destination, payload: { label, body } }));
    return messageId;
  }

  /** A burst of probes committed together: the load an operator (or a benchmark) puts on a path. */
  async sendBurst(from: string, destination: string, label: string, count: number): Promise<number> {
    await this.transactions.run(async (tx) => {
      tx.emit(...Array.from({ length: count }, (_, i) => ({ type: MessageType.Probe, from, destination, payload: { label: `${label}-${i}` } })));
    });
    return count;
  }

  async received(nodeId: string, limit: number): Promise<ProbeRecord[]> {
    return this.transactions.run(async ({ manager }) => {
      const rows = await manager.query(
        `SELECT message_id, node_id, origin, label, body_bytes, channel_seq, sent_at, applied_at
         FROM federation_probe WHERE node_id = $1 ORDER BY applied_at DESC, channel_seq DESC LIMIT $2`,
        [nodeId, limit],
      );
      return rows.map((row: Record<string, unknown>) => ({
        messageId: row.message_id,
        nodeId: row.node_id,
        origin: row.origin,
        label: row.label,
        bodyBytes: row.body_bytes,
        channelSeq: Number(row.channel_seq),
        sentAt: row.sent_at,
        appliedAt: row.applied_at,
      }));
    });
  }
}
