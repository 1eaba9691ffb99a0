import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';

/** The parent keeps every chain head its children send; the same anchor twice is stored once. */
@Injectable()
@HandlesMessage(MessageType.AuditAnchor)
export class AuditAnchorHandler implements MessageHandler<typeof MessageType.AuditAnchor> {
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.AuditAnchor>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  private async applyOne({ manager, node, envelope, payload }: DeliveryContext<typeof MessageType.AuditAnchor>): Promise<void> {
    if (envelope.origin !== payload.nodeId || envelope.from !== payload.nodeId) throw new InvalidPayloadError(`the audit anchor of ${payload.nodeId} must come from that node itself`);
    if (!Number.isSafeInteger(payload.seq) || payload.seq < 1 || !/^[0-9a-f]{64}$/.test(payload.hash) || Number.isNaN(Date.parse(payload.anchoredAt))) {
      throw new InvalidPayloadError(`audit anchor ${payload.seq}/${payload.hash} is not a chain head`);
    }
    await manager.query(
      `INSERT INTO audit_anchor (holder_node_id, node_id, seq, hash, anchored_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [node.id, payload.nodeId, payload.seq, payload.hash, payload.anchoredAt],
    );
  }
}
