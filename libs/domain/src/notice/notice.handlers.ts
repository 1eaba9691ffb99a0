import { Injectable } from '@nestjs/common';
import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType, RelayDecision } from '@app/federation';
import { Notice } from './notice.entity';
import { NoticeRole } from './notice.enums';
import { NoticeService } from './notice.service';

/** A notice on its way down: every level records it and the recipient it is for. */
@Injectable()
@HandlesMessage(MessageType.NoticeIssued)
export class NoticeIssuedHandler implements MessageHandler<MessageType.NoticeIssued> {
  constructor(private readonly notices: NoticeService) {}

  async relay(ctx: DeliveryContext<MessageType.NoticeIssued>): Promise<RelayDecision> {
    await this.record(ctx, NoticeRole.Relay);
    return RelayDecision.Forward;
  }

  async apply(ctx: DeliveryContext<MessageType.NoticeIssued>): Promise<void> {
    await this.record(ctx, NoticeRole.Recipient);
  }

  private async record(ctx: DeliveryContext<MessageType.NoticeIssued>, role: NoticeRole): Promise<void> {
    if (ctx.envelope.origin !== ctx.payload.issuerId) throw new InvalidPayloadError(`notice ${ctx.payload.noticeId} names issuer ${ctx.payload.issuerId} but was sent by ${ctx.envelope.origin}`);
    const notice = await this.notices.record(ctx.manager, ctx.node.id, ctx.payload, role);
    await this.notices.addRecipient(ctx.manager, notice, ctx.envelope.destination);
  }
}

/** A read receipt on its way up: every level notes who has read. */
@Injectable()
@HandlesMessage(MessageType.NoticeAcknowledged)
export class NoticeAcknowledgedHandler implements MessageHandler<MessageType.NoticeAcknowledged> {
  constructor(private readonly notices: NoticeService) {}

  async relay(ctx: DeliveryContext<MessageType.NoticeAcknowledged>): Promise<RelayDecision> {
    await this.apply(ctx);
    return RelayDecision.Forward;
  }

  async apply(ctx: DeliveryContext<MessageType.NoticeAcknowledged>): Promise<void> {
    if (ctx.envelope.origin !== ctx.payload.recipientId) throw new InvalidPayloadError(`a receipt for ${ctx.payload.recipientId} was sent by ${ctx.envelope.origin}`);
    const notice = await ctx.manager.findOne(Notice, { where: { nodeId: ctx.node.id, noticeId: ctx.payload.noticeId } });
    if (!notice) throw new InvalidPayloadError(`node ${ctx.node.id} holds no notice ${ctx.payload.noticeId}`);
    await this.notices.markRead(ctx.manager, ctx.node.id, ctx.payload);
  }
}
