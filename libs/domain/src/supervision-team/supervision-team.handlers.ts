import { Injectable } from '@nestjs/common';
import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType, RelayDecision } from '@app/federation';
import { SupervisionTeam } from './supervision-team.entity';
import { SupervisionRole } from './supervision-team.enums';
import { SupervisionTeamException } from './supervision-team.exception';
import { SupervisionTeamService } from './supervision-team.service';
import { actorOf } from './supervision-team.state-machine';

/** A team on its way: every level records it and the node it visits. */
@Injectable()
@HandlesMessage(MessageType.SupervisionTeamDispatched)
export class SupervisionTeamDispatchedHandler implements MessageHandler<MessageType.SupervisionTeamDispatched> {
  constructor(private readonly teams: SupervisionTeamService) {}

  async relay(ctx: DeliveryContext<MessageType.SupervisionTeamDispatched>): Promise<RelayDecision> {
    await this.record(ctx, SupervisionRole.Relay);
    return RelayDecision.Forward;
  }

  async apply(ctx: DeliveryContext<MessageType.SupervisionTeamDispatched>): Promise<void> {
    await this.record(ctx, SupervisionRole.Visited);
  }

  private async record(ctx: DeliveryContext<MessageType.SupervisionTeamDispatched>, role: SupervisionRole): Promise<void> {
    if (ctx.envelope.origin !== ctx.payload.issuerId) throw new InvalidPayloadError(`team ${ctx.payload.teamId} names dispatcher ${ctx.payload.issuerId} but was sent by ${ctx.envelope.origin}`);
    const team = await this.teams.record(ctx.manager, ctx.node.id, ctx.payload, role);
    await this.teams.addTarget(ctx.manager, team, ctx.envelope.destination);
  }
}

/** A step of one visited node's exchange, going down from the dispatcher or up from the visited node. */
@Injectable()
@HandlesMessage(MessageType.SupervisionTeamStep)
export class SupervisionTeamStepHandler implements MessageHandler<MessageType.SupervisionTeamStep> {
  constructor(private readonly teams: SupervisionTeamService) {}

  async relay(ctx: DeliveryContext<MessageType.SupervisionTeamStep>): Promise<RelayDecision> {
    await this.apply(ctx);
    return RelayDecision.Forward;
  }

  async apply(ctx: DeliveryContext<MessageType.SupervisionTeamStep>): Promise<void> {
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
