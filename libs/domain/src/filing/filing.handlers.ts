import { DeliveryContext, HandlesMessage, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { FilingDelivery } from './filing-delivery.service';

@Injectable()
@HandlesMessage(MessageType.FilingRequested)
export class FilingRequestedHandler implements MessageHandler<typeof MessageType.FilingRequested> {
  constructor(private readonly delivery: FilingDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.FilingRequested>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.requested(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.FilingSubmitted)
export class FilingSubmittedHandler implements MessageHandler<typeof MessageType.FilingSubmitted> {
  constructor(private readonly delivery: FilingDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.FilingSubmitted>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.submitted(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.FilingAccepted)
export class FilingAcceptedHandler implements MessageHandler<typeof MessageType.FilingAccepted> {
  constructor(private readonly delivery: FilingDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.FilingAccepted>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.accepted(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.FilingReturned)
export class FilingReturnedHandler implements MessageHandler<typeof MessageType.FilingReturned> {
  constructor(private readonly delivery: FilingDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.FilingReturned>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.returned(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.FilingFiled)
export class FilingFiledHandler implements MessageHandler<typeof MessageType.FilingFiled> {
  constructor(private readonly delivery: FilingDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.FilingFiled>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.filed(ctx);
  }
}

/** Recorded at every level between the reviewer and central. */
@Injectable()
@HandlesMessage(MessageType.FilingProgress)
export class FilingProgressHandler implements MessageHandler<typeof MessageType.FilingProgress> {
  constructor(private readonly delivery: FilingDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.FilingProgress>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.progress(ctx);
  }
  relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.FilingProgress>>): Promise<void> {
    return this.apply(deliveries);
  }
}

export const filingHandlers = [FilingRequestedHandler, FilingFiledHandler, FilingSubmittedHandler, FilingAcceptedHandler, FilingReturnedHandler, FilingProgressHandler];
