import { DeliveryContext, HandlesMessage, MessageHandler, MessageType, RelayDecision } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DeadlineTracker } from './deadline-tracker.service';

/** Every level between the owner and central keeps the obligation's state; the parent also an alert. */
@Injectable()
@HandlesMessage(MessageType.DeadlineStatus)
export class DeadlineStatusHandler implements MessageHandler<MessageType.DeadlineStatus> {
  constructor(private readonly tracker: DeadlineTracker) {}

  async apply({ manager, node, envelope, payload }: DeliveryContext<MessageType.DeadlineStatus>): Promise<void> {
    await this.tracker.recordCopy(manager, node.id, envelope.origin, payload);
  }

  async relay(context: DeliveryContext<MessageType.DeadlineStatus>): Promise<RelayDecision> {
    await this.apply(context);
    return RelayDecision.Forward;
  }
}
