import { Injectable } from '@nestjs/common';
import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType } from '@app/federation';
import { SpecialCheck } from './special-check.entity';
import { SpecialCheckRole } from './special-check.enums';
import { SpecialCheckException } from './special-check.exception';
import { SpecialCheckService } from './special-check.service';
import { checkActorOf } from './special-check.state-machine';

/** A check notice on its way: every level records it and the node it checks. */
@Injectable()
@HandlesMessage(MessageType.SpecialCheckNotified)
export class SpecialCheckNotifiedHandler implements MessageHandler<typeof MessageType.SpecialCheckNotified> {
  constructor(private readonly checks: SpecialCheckService) {}

  async relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.SpecialCheckNotified>>): Promise<void> {
    for (const ctx of deliveries) await this.record(ctx, SpecialCheckRole.Relay);
  }

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.SpecialCheckNotified>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  private async applyOne(ctx: DeliveryContext<typeof MessageType.SpecialCheckNotified>): Promise<void> {
    await this.record(ctx, SpecialCheckRole.Checked);
  }

  private async record(ctx: DeliveryContext<typeof MessageType.SpecialCheckNotified>, role: SpecialCheckRole): Promise<void> {
    if (ctx.envelope.origin !== ctx.payload.issuerId) throw new InvalidPayloadError(`check ${ctx.payload.checkId} names checker ${ctx.payload.issuerId} but was sent by ${ctx.envelope.origin}`);
    const check = await this.checks.record(ctx.manager, ctx.node.id, ctx.payload, role);
    await this.checks.addTarget(ctx.manager, check, ctx.envelope.destination);
  }
}

/** A step of one checked node's exchange: reports going up, requirements and reviews coming down. */
@Injectable()
@HandlesMessage(MessageType.SpecialCheckStep)
export class SpecialCheckStepHandler implements MessageHandler<typeof MessageType.SpecialCheckStep> {
  constructor(private readonly checks: SpecialCheckService) {}

  async relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.SpecialCheckStep>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.SpecialCheckStep>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  private async applyOne(ctx: DeliveryContext<typeof MessageType.SpecialCheckStep>): Promise<void> {
    const check = await ctx.manager.findOne(SpecialCheck, { where: { nodeId: ctx.node.id, checkId: ctx.payload.checkId } });
    if (!check) throw new InvalidPayloadError(`node ${ctx.node.id} holds no special check ${ctx.payload.checkId}`);
    const origin = ctx.envelope.origin;
    const actor = origin === check.issuerId ? 'checker' : origin === ctx.payload.targetId ? 'checked' : undefined;
    if (!actor || checkActorOf(ctx.payload.step.kind) !== actor) {
      throw new InvalidPayloadError(`step ${ctx.payload.step.kind} of check ${check.checkId} for ${ctx.payload.targetId} cannot come from ${origin}`);
    }
    try {
      await this.checks.recordStep(ctx.manager, ctx.node.id, check, ctx.payload, actor, false);
    } catch (error) {
      if (error instanceof SpecialCheckException) throw new InvalidPayloadError(error.message);
      throw error;
    }
  }
}
