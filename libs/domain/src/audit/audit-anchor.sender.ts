import { FederationTransactions, HostContext, MessageType } from '@app/federation';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditConfig } from './audit-config';

/**
 * Anchors each served node's audit chain outside its host: on a timer, a node whose chain has grown
 * since it last anchored sends its head (seq, hash) to its parent. Central has no parent, so its
 * own chain is anchored nowhere.
 */
@Injectable()
export class AuditAnchorSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditAnchorSender.name);
  private readonly anchored = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly transactions: FederationTransactions,
    private readonly host: HostContext,
    private readonly config: AuditConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.anchor(), this.config.anchorIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round; rounds never overlap. */
  anchor(): Promise<void> {
    this.running ??= this.round()
      .catch((error: Error) => this.logger.warn(`audit anchoring failed, will retry: ${error.message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const children = this.host.servedNodes.filter((node) => node.parentId);
    if (children.length === 0) return;
    await this.transactions.run(async (tx) => {
      const heads: Array<{ node_id: string; seq: string; hash: string }> = await tx.manager.query(
        `SELECT node_id, seq, hash FROM audit_chain_head WHERE node_id = ANY($1) AND seq > 0 ORDER BY node_id`,
        [children.map((node) => node.id)],
      );
      const grown = heads.filter((head) => Number(head.seq) > (this.anchored.get(head.node_id) ?? 0));
      const anchoredAt = new Date().toISOString();
      for (const head of grown) {
        const node = this.host.registry.node(head.node_id);
        tx.emit({
          type: MessageType.AuditAnchor,
          from: node.id,
          destination: node.parentId!,
          correlationId: randomUUID(),
          payload: { nodeId: node.id, seq: Number(head.seq), hash: head.hash, anchoredAt },
        });
      }
      return grown;
    }).then((grown) => grown.forEach((head) => this.anchored.set(head.node_id, Number(head.seq))));
  }
}
