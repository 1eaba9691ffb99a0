import { DeliveryContext, HandlesMessage, MessageHandler, MessageType, RelayDecision } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { FilingDelivery } from './filing-delivery.service';

@Injectable()
@HandlesMessage(MessageType.FilingRequested)
export class FilingRequestedHandler implements MessageHandler<MessageType.FilingRequested> {
  constructor(private readonly delivery: FilingDelivery) {}
  apply(ctx: DeliveryContext<MessageType.FilingRequested>): Promise<void> {
    return this.delivery.requested(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.FilingSubmitted)
export class FilingSubmittedHandler implements MessageHandler<MessageType.FilingSubmitted> {
  constructor(private readonly delivery: FilingDelivery) {}
  apply(ctx: DeliveryContext<MessageType.FilingSubmitted>): Promise<void> {
    return this.delivery.submitted(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.FilingAccepted)
export class FilingAcceptedHandler implements MessageHandler<MessageType.FilingAccepted> {
  constructor(private readonly delivery: FilingDelivery) {}
  apply(ctx: DeliveryContext<MessageType.FilingAccepted>): Promise<void> {
    return this.delivery.accepted(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.FilingReturned)
export class FilingReturnedHandler implements MessageHandler<MessageType.FilingReturned> {
  constructor(private readonly delivery: FilingDelivery) {}
  apply(ctx: DeliveryContext<MessageType.FilingReturned>): Promise<void> {
    return this.delivery.returned(ctx);
  }
}

/** Recorded at every level between the reviewer and central. */
@Injectable()
@HandlesMessage(MessageType.FilingProgress)
export class FilingProgressHandler implements MessageHandler<MessageType.FilingProgress> {
  constructor(private readonly delivery: FilingDelivery) {}
  apply(ctx: DeliveryContext<MessageType.FilingProgress>): Promise<void> {
    return this.delivery.progress(ctx);
  }
  async relay(ctx: DeliveryContext<MessageType.FilingProgress>): Promise<RelayDecision> {
    await this.delivery.progress(ctx);
    return RelayDecision.Forward;
  }
}

export const filingHandlers = [FilingRequestedHandler, FilingSubmittedHandler, FilingAcceptedHandler, FilingReturnedHandler, FilingProgressHandler];
