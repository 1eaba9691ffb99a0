import { Injectable } from '@nestjs/common';
import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType } from '@app/federation';
import { Notice } from './notice.entity';
import { NoticeRole } from './notice.enums';
import { NoticeService } from './notice.service';

/** A notice on its way down: every level records it and the recipient it is for. */
@Injectable()
@HandlesMessage(MessageType.NoticeIssued)
export class NoticeIssuedHandler implements MessageHandler<typeof MessageType.NoticeIssued> {
  constructor(private readonly notices: NoticeService) {}

  async relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.NoticeIssued>>): Promise<void> {
    for (const ctx of deliveries) await this.record(ctx, NoticeRole.Relay);
  }

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.NoticeIssued>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  private async applyOne(ctx: DeliveryContext<typeof MessageType.NoticeIssued>): Promise<void> {
    await this.record(ctx, NoticeRole.Recipient);
  }

  private async record(ctx: DeliveryContext<typeof MessageType.NoticeIssued>, role: NoticeRole): Promise<void> {
    if (ctx.envelope.origin !== ctx.payload.issuerId) throw new InvalidPayloadError(`notice ${ctx.payload.noticeId} names issuer ${ctx.payload.issuerId} but was sent by ${ctx.envelope.origin}`);
    const notice = await this.notices.record(ctx.manager, ctx.node.id, ctx.payload, role);
    await this.notices.addRecipient(ctx.manager, notice, ctx.envelope.destination);
  }
}

/** A read receipt on its way up: every level notes who has read. */
@Injectable()
@HandlesMessage(MessageType.NoticeAcknowledged)
export class NoticeAcknowledgedHandler implements MessageHandler<typeof MessageType.NoticeAcknowledged> {
  constructor(private readonly notices: NoticeService) {}

  async relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.NoticeAcknowledged>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.NoticeAcknowledged>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  private async applyOne(ctx: DeliveryContext<typeof MessageType.NoticeAcknowledged>): Promise<void> {
    if (ctx.envelope.origin !== ctx.payload.recipientId) throw new InvalidPayloadError(`a receipt for ${ctx.payload.recipientId} was sent by ${ctx.envelope.origin}`);
    const notice = await ctx.manager.findOne(Notice, { where: { nodeId: ctx.node.id, noticeId: ctx.payload.noticeId } });
    if (!notice) throw new InvalidPayloadError(`node ${ctx.node.id} holds no notice ${ctx.payload.noticeId}`);
    await this.notices.markRead(ctx.manager, ctx.node.id, ctx.payload);
  }
}
