import { DeliveryContext, HandlesMessage, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { RectificationDelivery } from './rectification-delivery.service';

@Injectable()
@HandlesMessage(MessageType.RectificationOpened)
export class RectificationOpenedHandler implements MessageHandler<MessageType.RectificationOpened> {
  constructor(private readonly delivery: RectificationDelivery) {}
  apply(ctx: DeliveryContext<MessageType.RectificationOpened>): Promise<void> {
    return this.delivery.opened(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.RectificationProgressReported)
export class RectificationProgressReportedHandler implements MessageHandler<MessageType.RectificationProgressReported> {
  constructor(private readonly delivery: RectificationDelivery) {}
  apply(ctx: DeliveryContext<MessageType.RectificationProgressReported>): Promise<void> {
    return this.delivery.progressReported(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.RectificationReviewed)
export class RectificationReviewedHandler implements MessageHandler<MessageType.RectificationReviewed> {
  constructor(private readonly delivery: RectificationDelivery) {}
  apply(ctx: DeliveryContext<MessageType.RectificationReviewed>): Promise<void> {
    return this.delivery.reviewed(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.RectificationPublished)
export class RectificationPublishedHandler implements MessageHandler<MessageType.RectificationPublished> {
  constructor(private readonly delivery: RectificationDelivery) {}
  apply(ctx: DeliveryContext<MessageType.RectificationPublished>): Promise<void> {
    return this.delivery.published(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.RectificationFollowUpReported)
export class RectificationFollowUpReportedHandler implements MessageHandler<MessageType.RectificationFollowUpReported> {
  constructor(private readonly delivery: RectificationDelivery) {}
  apply(ctx: DeliveryContext<MessageType.RectificationFollowUpReported>): Promise<void> {
    return this.delivery.followUpReported(ctx);
  }
}

export const rectificationHandlers = [
  RectificationOpenedHandler,
  RectificationProgressReportedHandler,
  RectificationReviewedHandler,
  RectificationPublishedHandler,
  RectificationFollowUpReportedHandler,
];
