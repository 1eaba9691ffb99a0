import { Injectable } from '@nestjs/common';
import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType } from '@app/federation';
import { SupervisionTeam } from './supervision-team.entity';
import { SupervisionRole } from './supervision-team.enums';
import { SupervisionTeamException } from './supervision-team.exception';
import { SupervisionTeamService } from './supervision-team.service';
import { actorOf } from './supervision-team.state-machine';

/** A team on its way: every level records it and the node it visits. */
@Injectable()
@HandlesMessage(MessageType.SupervisionTeamDispatched)
export class SupervisionTeamDispatchedHandler implements MessageHandler<typeof MessageType.SupervisionTeamDispatched> {
  constructor(private readonly teams: SupervisionTeamService) {}

  async relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.SupervisionTeamDispatched>>): Promise<void> {
    for (const ctx of deliveries) await this.record(ctx, SupervisionRole.Relay);
  }

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.SupervisionTeamDispatched>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  private async applyOne(ctx: DeliveryContext<typeof MessageType.SupervisionTeamDispatched>): Promise<void> {
    await this.record(ctx, SupervisionRole.Visited);
  }

  private async record(ctx: DeliveryContext<typeof MessageType.SupervisionTeamDispatched>, role: SupervisionRole): Promise<void> {
    if (ctx.envelope.origin !== ctx.payload.issuerId) throw new InvalidPayloadError(`team ${ctx.payload.teamId} names dispatcher ${ctx.payload.issuerId} but was sent by ${ctx.envelope.origin}`);
    const team = await this.teams.record(ctx.manager, ctx.node.id, ctx.payload, role);
    await this.teams.addTarget(ctx.manager, team, ctx.envelope.destination);
  }
}

/** A step of one visited node's exchange, going down from the dispatcher or up from the visited node. */
@Injectable()
@HandlesMessage(MessageType.SupervisionTeamStep)
export class SupervisionTeamStepHandler implements MessageHandler<typeof MessageType.SupervisionTeamStep> {
  constructor(private readonly teams: SupervisionTeamService) {}

  async relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.SupervisionTeamStep>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.SupervisionTeamStep>>): Promise<void> {
    for (const ctx of deliveries) await this.applyOne(ctx);
  }

  private async applyOne(ctx: DeliveryContext<typeof MessageType.SupervisionTeamStep>): Promise<void> {
    const team = await ctx.manager.findOne(SupervisionTeam, { where: { nodeId: ctx.node.id, teamId: ctx.payload.teamId } });
    if (!team) throw new InvalidPayloadError(`node ${ctx.node.id} holds no supervision team ${ctx.payload.teamId}`);
    const origin = ctx.envelope.origin;
    const actor = origin === team.issuerId ? 'dispatcher' : origin === ctx.payload.targetId ? 'visited' : undefined;
    if (!actor || actorOf(ctx.payload.step.kind) !== actor) {
      throw new InvalidPayloadError(`step ${ctx.payload.step.kind} of team ${team.teamId} for ${ctx.payload.targetId} cannot come from ${origin}`);
    }
    try {
      await this.teams.recordStep(ctx.manager, ctx.node.id, team, ctx.payload, actor, false);
    } catch (error) {
      if (error instanceof SupervisionTeamException) throw new InvalidPayloadError(error.message);
      throw error;
    }
  }
}
