import { DeliveryContext, HandlesMessage, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { RectificationDelivery } from './rectification-delivery.service';

@Injectable()
@HandlesMessage(MessageType.RectificationOpened)
export class RectificationOpenedHandler implements MessageHandler<typeof MessageType.RectificationOpened> {
  constructor(private readonly delivery: RectificationDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.RectificationOpened>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.opened(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.RectificationProgressReported)
export class RectificationProgressReportedHandler implements MessageHandler<typeof MessageType.RectificationProgressReported> {
  constructor(private readonly delivery: RectificationDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.RectificationProgressReported>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.progressReported(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.RectificationReviewed)
export class RectificationReviewedHandler implements MessageHandler<typeof MessageType.RectificationReviewed> {
  constructor(private readonly delivery: RectificationDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.RectificationReviewed>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.reviewed(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.RectificationPublished)
export class RectificationPublishedHandler implements MessageHandler<typeof MessageType.RectificationPublished> {
  constructor(private readonly delivery: RectificationDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.RectificationPublished>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.published(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.RectificationFollowUpReported)
export class RectificationFollowUpReportedHandler implements MessageHandler<typeof MessageType.RectificationFollowUpReported> {
  constructor(private readonly delivery: RectificationDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.RectificationFollowUpReported>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.followUpReported(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.RectificationReopened)
export class RectificationReopenedHandler implements MessageHandler<typeof MessageType.RectificationReopened> {
  constructor(private readonly delivery: RectificationDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.RectificationReopened>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.reopened(ctx);
  }
}

export const rectificationHandlers = [
  RectificationReopenedHandler,
  RectificationOpenedHandler,
  RectificationProgressReportedHandler,
  RectificationReviewedHandler,
  RectificationPublishedHandler,
  RectificationFollowUpReportedHandler,
];
