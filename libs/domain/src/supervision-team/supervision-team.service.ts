import { Injectable } from '@nestjs/common';
import { FederationTransactions, MessageType, Registry, SupervisionTeamDispatchedPayload, SupervisionTeamStepBody, SupervisionTeamStepPayload } from '@app/federation';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DownwardKind, StatusEvents } from '../common/status-events';
import { fanOutOrder, resolveTargets } from '../common/target-scope';
import {
  AcknowledgeSupervisionTeamInput,
  DispatchSupervisionTeamInput,
  ProvideSupervisionMaterialsInput,
  RequireSupervisionRectificationInput,
  RespondSupervisionRectificationInput,
} from './dto/supervision-team.input';
import { SupervisionTeam, SupervisionTeamStepRecord, SupervisionTeamTarget } from './supervision-team.entity';
import { StepActor, SupervisionRole, SupervisionState, SupervisionStepKind } from './supervision-team.enums';
import { SupervisionTeamErrorCode, SupervisionTeamException } from './supervision-team.exception';
import { nextSupervisionState } from './supervision-team.state-machine';

/**
 * Guidance and supervision teams: the dispatching level sends a team to listed lower nodes; each
 * visited node's exchange (acknowledgement, materials, rectification required, response) is
 * recorded at both ends and at every level in between.
 */
@Injectable()
export class SupervisionTeamService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly registry: Registry,
    private readonly events: StatusEvents,
  ) {}

  async dispatch(input: DispatchSupervisionTeamInput): Promise<SupervisionTeam> {
    const targets = resolveTargets(this.registry, input.nodeId, { nodeIds: input.targets });
    if (input.visitEnd.getTime() <= input.visitStart.getTime()) {
      throw new SupervisionTeamException(SupervisionTeamErrorCode.InvalidWindow, 'the visit must end after it starts');
    }
    const dispatched: SupervisionTeamDispatchedPayload = {
      teamId: uuidv7(),
      issuerId: input.nodeId,
      name: input.name.trim(),
      purpose: input.purpose.trim(),
      members: input.members.map(({ name, title }) => ({ name: name.trim(), title: title.trim() })),
      visitStart: input.visitStart.toISOString(),
      visitEnd: input.visitEnd.toISOString(),
      dispatchedAt: new Date().toISOString(),
    };
    return this.transactions.run(async (tx) => {
      const team = await this.record(tx.manager, input.nodeId, dispatched, SupervisionRole.Dispatcher);
      for (const target of fanOutOrder(this.registry, input.nodeId, targets)) {
        await this.addTarget(tx.manager, team, target);
        tx.emit({ type: MessageType.SupervisionTeamDispatched, from: input.nodeId, destination: target, correlationId: team.teamId, payload: dispatched });
      }
      return team;
    });
  }

  acknowledge(input: AcknowledgeSupervisionTeamInput): Promise<SupervisionTeam> {
    return this.act(input.nodeId, input.teamId, input.nodeId, 'visited', { kind: 'acknowledged', note: input.note?.trim() || null });
  }

  provideMaterials(input: ProvideSupervisionMaterialsInput): Promise<SupervisionTeam> {
    const materials = input.materials.map(({ title, description }) => ({ title: title.trim(), description: description.trim() }));
    return this.act(input.nodeId, input.teamId, input.nodeId, 'visited', { kind: 'materials_provided', materials });
  }

  requireRectification(input: RequireSupervisionRectificationInput): Promise<SupervisionTeam> {
    return this.act(input.nodeId, input.teamId, input.targetId, 'dispatcher', {
      kind: 'rectification_required',
      findings: input.findings.trim(),
      requirements: input.requirements.trim(),
      dueDate: input.dueDate.toISOString(),
    });
  }

  respond(input: RespondSupervisionRectificationInput): Promise<SupervisionTeam> {
    return this.act(input.nodeId, input.teamId, input.nodeId, 'visited', { kind: 'rectification_responded', response: input.response.trim() });
  }

  /** Records a team the first time a node sees it; a relaying level that is also visited becomes visited. */
  async record(manager: EntityManager, nodeId: string, dispatched: SupervisionTeamDispatchedPayload, role: SupervisionRole): Promise<SupervisionTeam> {
    const existing = await manager.findOne(SupervisionTeam, { where: { nodeId, teamId: dispatched.teamId } });
    if (existing) {
      if (existing.role === SupervisionRole.Relay && role === SupervisionRole.Visited) await manager.update(SupervisionTeam, { nodeId, teamId: existing.teamId }, { role });
      return existing;
    }
    const team = manager.create(SupervisionTeam, {
      nodeId,
      teamId: dispatched.teamId,
      role,
      issuerId: dispatched.issuerId,
      name: dispatched.name,
      purpose: dispatched.purpose,
      members: dispatched.members,
      visitStart: new Date(dispatched.visitStart),
      visitEnd: new Date(dispatched.visitEnd),
      dispatchedAt: new Date(dispatched.dispatchedAt),
    });
    await manager.insert(SupervisionTeam, team);
    return team;
  }

  async addTarget(manager: EntityManager, team: SupervisionTeam, targetId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(SupervisionTeamTarget)
      .values({ nodeId: team.nodeId, teamId: team.teamId, targetId, state: SupervisionState.Dispatched, updatedAt: new Date() })
      .orIgnore()
      .execute();
    this.events.queue(manager, { nodeId: team.nodeId, kind: DownwardKind.SupervisionTeam, subjectId: team.teamId, targetId, state: SupervisionState.Dispatched });
  }

  /**
   * Records a step at one node. The acting node is strict (an illegal step is refused); a level
   * that receives it keeps it in the history even when crossing steps leave the state elsewhere.
   */
  async recordStep(manager: EntityManager, nodeId: string, team: SupervisionTeam, payload: SupervisionTeamStepPayload, actor: StepActor, strict: boolean): Promise<void> {
    const target = await manager.findOne(SupervisionTeamTarget, { where: { nodeId, teamId: team.teamId, targetId: payload.targetId }, lock: { mode: 'pessimistic_write' } });
    if (!target) throw new SupervisionTeamException(SupervisionTeamErrorCode.NotFound, `team ${team.teamId} does not visit ${payload.targetId}`);
    if (await manager.exists(SupervisionTeamStepRecord, { where: { nodeId, stepId: payload.stepId } })) return;
    const kind = payload.step.kind as SupervisionStepKind;
    let state = target.state;
    try {
      state = nextSupervisionState(target.state, kind, actor);
    } catch (error) {
      if (strict) throw error;
    }
    await manager.update(SupervisionTeamTarget, { nodeId, teamId: team.teamId, targetId: payload.targetId }, { state, updatedAt: new Date() });
    const byNode = actor === 'dispatcher' ? team.issuerId : payload.targetId;
    await manager.insert(SupervisionTeamStepRecord, { nodeId, stepId: payload.stepId, teamId: team.teamId, targetId: payload.targetId, kind, byNode, data: payload.step, at: new Date(payload.at) });
    this.events.queue(manager, { nodeId, kind: DownwardKind.SupervisionTeam, subjectId: team.teamId, targetId: payload.targetId, state });
  }

  private act(nodeId: string, teamId: string, targetId: string, actor: StepActor, step: SupervisionTeamStepBody): Promise<SupervisionTeam> {
    return this.transactions.run(async (tx) => {
      const team = await tx.manager.findOne(SupervisionTeam, { where: { nodeId, teamId } });
      if (!team) throw new SupervisionTeamException(SupervisionTeamErrorCode.NotFound, `node ${nodeId} has no supervision team ${teamId}`);
      if (actor === 'dispatcher' && team.role !== SupervisionRole.Dispatcher) {
        throw new SupervisionTeamException(SupervisionTeamErrorCode.NotDispatcher, `team ${teamId} was dispatched by ${team.issuerId}; only it requires rectification`);
      }
      if (actor === 'visited' && team.role !== SupervisionRole.Visited) {
        throw new SupervisionTeamException(SupervisionTeamErrorCode.NotVisited, `node ${nodeId} is not visited by team ${teamId}`);
      }
      const payload: SupervisionTeamStepPayload = { teamId, targetId, stepId: uuidv7(), step, at: new Date().toISOString() };
      await this.recordStep(tx.manager, nodeId, team, payload, actor, true);
      const destination = actor === 'dispatcher' ? targetId : team.issuerId;
      tx.emit({ type: MessageType.SupervisionTeamStep, from: nodeId, destination, correlationId: teamId, payload });
      return team;
    });
  }
}
