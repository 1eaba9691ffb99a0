import { DeliveryContext, HandlesMessage, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { OutcomeSharingService } from './outcome-sharing.service';

/** Every level between the origin and central keeps the outcome for its roll-up. */
@Injectable()
@HandlesMessage(MessageType.OutcomeShared)
export class OutcomeSharedHandler implements MessageHandler<typeof MessageType.OutcomeShared> {
  constructor(private readonly outcomes: OutcomeSharingService) {}

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.OutcomeShared>>): Promise<void> {
    for (const ctx of deliveries) await this.outcomes.recordCopy(ctx);
  }

  async relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.OutcomeShared>>): Promise<void> {
    for (const ctx of deliveries) await this.outcomes.recordCopy(ctx);
  }
}
