import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FederationConfig } from '../config/host-config';
import { Acknowledgements } from './acknowledgements';

/**
 * Asks a sender to publish again only when a gap in a channel outlives a short grace period.
 * Most gaps are the worker's own concurrency (the predecessor is being applied right now); a
 * request for each of them would make the sender re-publish a whole backlog again and again.
 */
@Injectable()
export class GapMonitor implements OnApplicationShutdown {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly acks: Acknowledgements,
    private readonly config: FederationConfig,
  ) {}

  /** `node` holds messages from `peer` after a gap. */
  noteGap(node: string, peer: string): void {
    const key = `${node}<${peer}`;
    if (this.timers.has(key)) return;
    const timer = setTimeout(() => void this.check(key, node, peer), Math.max(250, this.config.ackTimeoutMs / 2));
    this.timers.set(key, timer);
  }

  private async check(key: string, node: string, peer: string): Promise<void> {
    try {
      const [row] = await this.dataSource.query(
        `SELECT c.last_applied_seq,
                (SELECT min(channel_seq) FROM federation_inbox i WHERE i.node_id = c.node_id AND i.from_node = c.peer_id AND i.status = 'held') AS next_held
         FROM federation_channel_in c WHERE c.node_id = $1 AND c.peer_id = $2`,
        [node, peer],
      );
      const last = Number(row?.last_applied_seq ?? 0);
      if (row?.next_held && Number(row.next_held) > last + 1) await this.acks.requestResend(node, peer, last);
    } catch {
      // The next held delivery notes the gap again.
    } finally {
      this.timers.delete(key);
    }
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
  }
}
