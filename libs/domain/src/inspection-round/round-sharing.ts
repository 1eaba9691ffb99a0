import { DeliveryContext, InspectionRoundSharedPayload, InvalidPayloadError, MessageType, Registry, UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { CoverageService } from '../full-coverage/coverage.service';
import { OrganisationKind } from '../organisation/organisation.enums';
import { InspectionRound, InspectionTeam, RoundTarget } from './inspection-round.entity';
import { RoundKind, RoundMode, RoundState } from './inspection-round.enums';
import { concernedNodes } from './round-rules';

/**
 * 提级、交叉、市县联动: a round is recorded at every node concerned — the arranging node (the
 * original), the nodes its teams come from, and the registers and regions of its targets (copies).
 */
@Injectable()
export class RoundSharing {
  constructor(
    private readonly registry: Registry,
    private readonly coverage: CoverageService,
  ) {}

  /** Sends the round to every node concerned, and to `formerly` concerned ones that no longer are (they drop their copy). */
  async share(work: UnitOfWork, round: InspectionRound, formerly: readonly string[] = []): Promise<void> {
    const [teams, targets] = await Promise.all([
      work.manager.find(InspectionTeam, { where: { nodeId: round.nodeId, roundId: round.id }, order: { position: 'ASC' } }),
      work.manager.find(RoundTarget, { where: { nodeId: round.nodeId, roundId: round.id }, order: { name: 'ASC' } }),
    ]);
    const payload: InspectionRoundSharedPayload = {
      roundId: round.id,
      ownerNodeId: round.ownerNodeId,
      revision: round.revision,
      year: round.year,
      ordinal: round.ordinal,
      title: round.title,
      kind: round.kind,
      mode: round.mode,
      state: round.state,
      plannedStationOn: round.plannedStationOn,
      plannedStationEndOn: round.plannedStationEndOn,
      plannedFeedbackOn: round.plannedFeedbackOn,
      stationedOn: round.stationedOn,
      stationEndedOn: round.stationEndedOn,
      reportHeardOn: round.reportHeardOn,
      handedOverOn: round.handedOverOn,
      lookBackOfRoundId: round.lookBackOfRoundId,
      teams: teams.map((team) => ({ teamId: team.id, name: team.name, leader: team.leader, members: team.members, fromNodeId: team.fromNodeId, targetIds: targets.filter((t) => t.teamId === team.id).map((t) => t.organisationId) })),
      targets: targets.map((t) => ({ organisationId: t.organisationId, name: t.name, kind: t.kind, inspectorNodeId: t.inspectorNodeId, regionNodeId: t.regionNodeId, feedbackReceivedOn: t.feedbackReceivedOn, rectificationId: t.rectificationId })),
      updatedAt: round.updatedAt.toISOString(),
    };
    for (const nodeId of [...new Set([...concernedNodes(round.nodeId, teams, targets), ...formerly])].sort()) {
      work.emit({ type: MessageType.InspectionRoundShared, from: round.nodeId, destination: nodeId, correlationId: round.id, payload });
    }
  }

  /** At a node concerned: the newest state of the round replaces its copy. */
  async record(ctx: DeliveryContext<typeof MessageType.InspectionRoundShared>): Promise<void> {
    const { manager, node, envelope, payload: p } = ctx;
    if (envelope.origin !== p.ownerNodeId || !this.registry.isAncestor(p.ownerNodeId, node.id)) throw new InvalidPayloadError(`round ${p.roundId} must come from its arranging node above ${node.id}`);
    const held = await manager.findOne(InspectionRound, { where: { nodeId: node.id, id: p.roundId }, lock: { mode: 'pessimistic_write' } });
    if (held && held.revision >= p.revision) return;
    if (!concernedNodes(p.ownerNodeId, p.teams, p.targets).includes(node.id)) {
      // Re-arranged away from this node (its team or its organisation left the round): the copy goes.
      if (!held) return;
      await manager.delete(InspectionTeam, { nodeId: node.id, roundId: p.roundId });
      await manager.delete(RoundTarget, { nodeId: node.id, roundId: p.roundId });
      await manager.delete(InspectionRound, { nodeId: node.id, id: p.roundId });
      this.coverage.changed(ctx, node.id);
      return;
    }
    const now = new Date();
    await manager.save(
      Object.assign(held ?? new InspectionRound(), {
        nodeId: node.id,
        id: p.roundId,
        ownerNodeId: p.ownerNodeId,
        revision: p.revision,
        year: p.year,
        ordinal: p.ordinal,
        title: p.title,
        kind: p.kind as RoundKind,
        mode: p.mode as RoundMode,
        state: p.state as RoundState,
        plannedStationOn: p.plannedStationOn,
        plannedStationEndOn: p.plannedStationEndOn,
        plannedFeedbackOn: p.plannedFeedbackOn,
        stationedOn: p.stationedOn,
        stationEndedOn: p.stationEndedOn,
        reportHeardOn: p.reportHeardOn,
        handedOverOn: p.handedOverOn,
        lookBackOfRoundId: p.lookBackOfRoundId,
        planFilingId: null,
        arrangementFilingId: null,
        createdAt: held?.createdAt ?? now,
        updatedAt: new Date(p.updatedAt),
      }),
    );
    await manager.delete(InspectionTeam, { nodeId: node.id, roundId: p.roundId });
    await manager.delete(RoundTarget, { nodeId: node.id, roundId: p.roundId });
    if (p.teams.length > 0) {
      await manager.insert(InspectionTeam, p.teams.map((team, position) => ({ nodeId: node.id, id: team.teamId, roundId: p.roundId, name: team.name, leader: team.leader, members: team.members, fromNodeId: team.fromNodeId, position })));
    }
    const teamOf = new Map(p.teams.flatMap((team) => team.targetIds.map((id) => [id, team.teamId] as const)));
    await manager.insert(
      RoundTarget,
      p.targets.map((t) => ({ nodeId: node.id, roundId: p.roundId, organisationId: t.organisationId, name: t.name, kind: t.kind as OrganisationKind, inspectorNodeId: t.inspectorNodeId, regionNodeId: t.regionNodeId, teamId: teamOf.get(t.organisationId) ?? null, feedbackReceivedOn: t.feedbackReceivedOn, feedbackSummary: null, rectificationId: t.rectificationId })),
    );
    if (p.targets.some((t) => t.inspectorNodeId === node.id)) this.coverage.changed(ctx, node.id);
  }
}
