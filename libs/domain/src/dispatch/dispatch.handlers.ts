import { Injectable } from '@nestjs/common';
import { AppError, DeliveryContext, InvalidPayloadError, MessageHandler, MessageType } from '@app/federation';
import { AnyFlow } from './dispatch-flow';
import { DispatchRecords } from './dispatch-records';
import { ruleOf } from './dispatch-rules';
import { Dispatch } from './dispatch.entity';

/**
 * The one handler body of every flow's dispatch message: each level on the way records the copy
 * and the target it passes on to; the target records its own. A flow's handler is this class with
 * its flow and its `@HandlesMessage` type.
 */
@Injectable()
export abstract class DispatchedHandler<T extends MessageType> implements MessageHandler<T> {
  protected abstract readonly flow: AnyFlow;

  constructor(private readonly records: DispatchRecords) {}

  relay(deliveries: ReadonlyArray<DeliveryContext<T>>): Promise<void> {
    return this.record(deliveries, 'relay');
  }

  apply(deliveries: ReadonlyArray<DeliveryContext<T>>): Promise<void> {
    return this.record(deliveries, 'target');
  }

  private async record(deliveries: ReadonlyArray<DeliveryContext<T>>, role: 'relay' | 'target'): Promise<void> {
    const copies = deliveries.map((ctx) => {
      const dispatched = this.flow.readDispatched(ctx.payload);
      if (ctx.envelope.origin !== dispatched.issuerId) {
        throw new InvalidPayloadError(`${this.flow.kind} ${dispatched.id} names issuer ${dispatched.issuerId} but was sent by ${ctx.envelope.origin}`);
      }
      return { nodeId: ctx.node.id, role, dispatched, targetIds: [ctx.envelope.destination] };
    });
    if (deliveries.length === 0) return;
    // The run's deliveries share one transaction: the copies go in together, the obligations each in its own unit.
    await this.records.recordDispatches(deliveries[0].manager, this.flow, copies);
    if (role === 'target') for (const [i, ctx] of deliveries.entries()) await this.records.owedOnArrival(ctx, this.flow, ctx.node.id, copies[i].dispatched);
  }
}

/** The one handler body of every flow's step message, going down from the issuer or up from a target. */
@Injectable()
export abstract class DispatchStepHandler<T extends MessageType> implements MessageHandler<T> {
  protected abstract readonly flow: AnyFlow;

  constructor(private readonly records: DispatchRecords) {}

  relay(deliveries: ReadonlyArray<DeliveryContext<T>>): Promise<void> {
    return this.apply(deliveries);
  }

  async apply(deliveries: ReadonlyArray<DeliveryContext<T>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  private async applyOne(ctx: DeliveryContext<T>): Promise<void> {
    const step = this.flow.readStep(ctx.payload);
    const dispatch = await ctx.manager.findOne(Dispatch, { where: { nodeId: ctx.node.id, id: step.dispatchId, flow: this.flow.kind } });
    if (!dispatch) throw new InvalidPayloadError(`node ${ctx.node.id} holds no ${this.flow.kind} ${step.dispatchId}`);
    const origin = ctx.envelope.origin;
    const actor = origin === dispatch.issuerId ? 'issuer' : origin === step.targetId ? 'target' : undefined;
    if (!actor || ruleOf(this.flow.rules, step.body.kind)?.actor !== actor) {
      throw new InvalidPayloadError(`step ${step.body.kind} of ${this.flow.kind} ${dispatch.id} for ${step.targetId} cannot come from ${origin}`);
    }
    try {
      await this.records.recordStep(ctx, this.flow, ctx.node.id, dispatch, step, actor, false);
    } catch (error) {
      if (error instanceof AppError) throw new InvalidPayloadError(error.message);
      throw error;
    }
  }
}
