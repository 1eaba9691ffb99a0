import { DeliveryContext, HandlesMessage, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DeadlineTracker } from './deadline-tracker.service';

/** Every level between the owner and central keeps the obligation's state; the parent also an alert. */
@Injectable()
@HandlesMessage(MessageType.DeadlineStatus)
export class DeadlineStatusHandler implements MessageHandler<typeof MessageType.DeadlineStatus> {
  constructor(private readonly tracker: DeadlineTracker) {}

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.DeadlineStatus>>): Promise<void> {
    for (const { manager, node, envelope, payload } of deliveries) await this.tracker.recordCopy(manager, node.id, envelope.origin, payload);
  }

  relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.DeadlineStatus>>): Promise<void> {
    return this.apply(deliveries);
  }
}
