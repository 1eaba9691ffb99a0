import { DeliveryContext, HandlesMessage, MessageHandler, MessageType, RelayDecision } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { ProblemClueDelivery } from './problem-clue-delivery.service';

/** The levels between the origin and the holder pass the content on without keeping it. */
@Injectable()
@HandlesMessage(MessageType.ClueTransferred)
export class ClueTransferredHandler implements MessageHandler<MessageType.ClueTransferred> {
  constructor(private readonly delivery: ProblemClueDelivery) {}
  apply(ctx: DeliveryContext<MessageType.ClueTransferred>): Promise<void> {
    return this.delivery.transferred(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.ClueDisposed)
export class ClueDisposedHandler implements MessageHandler<MessageType.ClueDisposed> {
  constructor(private readonly delivery: ProblemClueDelivery) {}
  apply(ctx: DeliveryContext<MessageType.ClueDisposed>): Promise<void> {
    return this.delivery.disposed(ctx);
  }
}

@Injectable()
@HandlesMessage(MessageType.ClueStatus)
export class ClueStatusHandler implements MessageHandler<MessageType.ClueStatus> {
  constructor(private readonly delivery: ProblemClueDelivery) {}
  apply(ctx: DeliveryContext<MessageType.ClueStatus>): Promise<void> {
    return this.delivery.status(ctx);
  }
  async relay(ctx: DeliveryContext<MessageType.ClueStatus>): Promise<RelayDecision> {
    await this.delivery.status(ctx);
    return RelayDecision.Forward;
  }
}

export const problemClueHandlers = [ClueTransferredHandler, ClueDisposedHandler, ClueStatusHandler];
