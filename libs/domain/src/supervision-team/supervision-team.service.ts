import { Injectable } from '@nestjs/common';
import { Registry } from '@app/federation';
import { resolveTargets } from '../common/target-scope';
import { DispatchService } from '../dispatch/dispatch.service';
import { Dispatch } from '../dispatch/dispatch.entity';
import {
  AcknowledgeSupervisionTeamInput,
  DispatchSupervisionTeamInput,
  ProvideSupervisionMaterialsInput,
  RequireSupervisionRectificationInput,
  RespondSupervisionRectificationInput,
  WithdrawSupervisionTeamInput,
} from './dto/supervision-team.input';
import { SupervisionTeamErrorCode, SupervisionTeamException } from './supervision-team.exception';
import { SUPERVISION_TEAM } from './supervision-team.flow';

/** A team's inputs as steps of the dispatch engine; the engine records them at every level on the way. */
@Injectable()
export class SupervisionTeamService {
  constructor(
    private readonly dispatches: DispatchService,
    private readonly registry: Registry,
  ) {}

  async dispatch(input: DispatchSupervisionTeamInput): Promise<Dispatch> {
    const targets = resolveTargets(this.registry, input.nodeId, { nodeIds: input.targets });
    if (input.visitEnd.getTime() <= input.visitStart.getTime()) {
      throw new SupervisionTeamException(SupervisionTeamErrorCode.InvalidWindow, 'the visit must end after it starts');
    }
    return this.dispatches.dispatch(SUPERVISION_TEAM, {
      issuerId: input.nodeId,
      title: input.name.trim(),
      content: {
        purpose: input.purpose.trim(),
        members: input.members.map(({ name, title }) => ({ name: name.trim(), title: title.trim() })),
        visitStart: input.visitStart.toISOString(),
        visitEnd: input.visitEnd.toISOString(),
      },
      targets,
    });
  }

  async acknowledge(input: AcknowledgeSupervisionTeamInput): Promise<Dispatch> {
    return this.dispatches.act(SUPERVISION_TEAM, input.nodeId, input.teamId, input.nodeId, 'target', { kind: 'acknowledged', note: input.note?.trim() || null });
  }

  async provideMaterials(input: ProvideSupervisionMaterialsInput): Promise<Dispatch> {
    const materials = input.materials.map(({ title, description }) => ({ title: title.trim(), description: description.trim() }));
    return this.dispatches.act(SUPERVISION_TEAM, input.nodeId, input.teamId, input.nodeId, 'target', { kind: 'materials_provided', materials });
  }

  async requireRectification(input: RequireSupervisionRectificationInput): Promise<Dispatch> {
    return this.dispatches.act(SUPERVISION_TEAM, input.nodeId, input.teamId, input.targetId, 'issuer', {
      kind: 'rectification_required',
      findings: input.findings.trim(),
      requirements: input.requirements.trim(),
      dueDate: input.dueDate.toISOString(),
    });
  }

  async respond(input: RespondSupervisionRectificationInput): Promise<Dispatch> {
    return this.dispatches.act(SUPERVISION_TEAM, input.nodeId, input.teamId, input.nodeId, 'target', { kind: 'rectification_responded', response: input.response.trim() });
  }

  /** Ends every visit still going on; what the visited nodes owed the team is cancelled. */
  async withdraw(input: WithdrawSupervisionTeamInput): Promise<Dispatch> {
    return this.dispatches.actOnAll(SUPERVISION_TEAM, input.nodeId, input.teamId, { kind: 'withdrawn', reason: input.reason.trim() });
  }
}
