import { DeliveryContext, HandlesMessage, MessageHandler, MessageType, RelayDecision } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { OutcomeSharingService } from './outcome-sharing.service';

/** Every level between the origin and central keeps the outcome for its roll-up. */
@Injectable()
@HandlesMessage(MessageType.OutcomeShared)
export class OutcomeSharedHandler implements MessageHandler<MessageType.OutcomeShared> {
  constructor(private readonly outcomes: OutcomeSharingService) {}

  apply(ctx: DeliveryContext<MessageType.OutcomeShared>): Promise<void> {
    return this.outcomes.recordCopy(ctx);
  }

  async relay(ctx: DeliveryContext<MessageType.OutcomeShared>): Promise<RelayDecision> {
    await this.outcomes.recordCopy(ctx);
    return RelayDecision.Forward;
  }
}
