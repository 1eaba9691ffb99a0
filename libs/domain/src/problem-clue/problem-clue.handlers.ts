import { DeliveryContext, HandlesMessage, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { ProblemClueDelivery } from './problem-clue-delivery.service';

/** The levels between the origin and the holder pass the content on without keeping it. */
@Injectable()
@HandlesMessage(MessageType.ClueTransferred)
export class ClueTransferredHandler implements MessageHandler<typeof MessageType.ClueTransferred> {
  constructor(private readonly delivery: ProblemClueDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.ClueTransferred>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.transferred(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.ClueDisposed)
export class ClueDisposedHandler implements MessageHandler<typeof MessageType.ClueDisposed> {
  constructor(private readonly delivery: ProblemClueDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.ClueDisposed>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.disposed(ctx);
  }
}

/** Kept by every level on the way to central. */
@Injectable()
@HandlesMessage(MessageType.ClueStatus)
export class ClueStatusHandler implements MessageHandler<typeof MessageType.ClueStatus> {
  constructor(private readonly delivery: ProblemClueDelivery) {}
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.ClueStatus>>): Promise<void> {
    for (const ctx of deliveries) await this.delivery.status(ctx);
  }
  relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.ClueStatus>>): Promise<void> {
    return this.apply(deliveries);
  }
}

export const problemClueHandlers = [ClueTransferredHandler, ClueDisposedHandler, ClueStatusHandler];
