import { DeliveryContext, HandlesMessage, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { RoundSharing } from './round-sharing';

@Injectable()
@HandlesMessage(MessageType.InspectionRoundShared)
export class InspectionRoundSharedHandler implements MessageHandler<typeof MessageType.InspectionRoundShared> {
  constructor(private readonly sharing: RoundSharing) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.InspectionRoundShared>>): Promise<void> {
    for (const ctx of deliveries) await this.sharing.record(ctx);
  }
}
