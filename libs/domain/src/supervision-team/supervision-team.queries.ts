import { Injectable } from '@nestjs/common';
import { Registry } from '@app/federation';
import { DataSource } from 'typeorm';
import { Page, PageInput, pageQuery, toPage } from '../common/pagination';
import { SupervisionTeam, SupervisionTeamStepRecord, SupervisionTeamTarget } from './supervision-team.entity';
import { SupervisionRole, SupervisionState } from './supervision-team.enums';
import { SupervisionTeamErrorCode, SupervisionTeamException } from './supervision-team.exception';
import { SupervisionStep, SupervisionTeamView, SupervisionVisit } from './supervision-team.types';

/** Reads over one node's supervision teams, as API views. */
@Injectable()
export class SupervisionTeamQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: Registry,
  ) {}

  async list(nodeId: string, role: SupervisionRole | undefined, state: SupervisionState | undefined, page: PageInput): Promise<Page<SupervisionTeamView>> {
    const qb = this.dataSource.getRepository(SupervisionTeam).createQueryBuilder('t').where('t.node_id = :nodeId', { nodeId });
    if (role) qb.andWhere('t.role = :role', { role });
    if (state) {
      qb.andWhere(`EXISTS (SELECT 1 FROM supervision_team_target v WHERE v.node_id = t.node_id AND v.team_id = t.team_id AND v.state = :state)`, { state });
    }
    const rows = await pageQuery(qb, page, 't.dispatched_at', 't.team_id').getMany();
    return toPage(rows, page, (row) => ({ at: row.dispatchedAt, id: row.teamId }), (row) => this.view(row));
  }

  async get(nodeId: string, teamId: string): Promise<SupervisionTeamView> {
    const team = await this.dataSource.getRepository(SupervisionTeam).findOne({ where: { nodeId, teamId } });
    if (!team) throw new SupervisionTeamException(SupervisionTeamErrorCode.NotFound, `node ${nodeId} has no supervision team ${teamId}`);
    return this.view(team);
  }

  async visits(nodeId: string, teamId: string): Promise<SupervisionVisit[]> {
    const [targets, steps] = await Promise.all([
      this.dataSource.getRepository(SupervisionTeamTarget).find({ where: { nodeId, teamId }, order: { targetId: 'ASC' } }),
      this.dataSource.getRepository(SupervisionTeamStepRecord).find({ where: { nodeId, teamId }, order: { at: 'ASC', stepId: 'ASC' } }),
    ]);
    return targets.map((target) => ({
      targetId: target.targetId,
      targetName: this.name(target.targetId),
      state: target.state,
      updatedAt: target.updatedAt,
      steps: steps.filter((step) => step.targetId === target.targetId).map(stepView),
    }));
  }

  private view(team: SupervisionTeam): SupervisionTeamView {
    const { teamId, ...rest } = team;
    return { ...rest, id: teamId, issuerName: this.name(team.issuerId) };
  }

  private name(nodeId: string): string {
    return this.registry.find(nodeId)?.name ?? nodeId;
  }
}

function stepView(row: SupervisionTeamStepRecord): SupervisionStep {
  const base = { id: row.stepId, kind: row.kind, byNodeId: row.byNode, at: row.at };
  const data = row.data;
  switch (data.kind) {
    case 'acknowledged':
      return { ...base, note: data.note ?? undefined };
    case 'materials_provided':
      return { ...base, materials: data.materials };
    case 'rectification_required':
      return { ...base, findings: data.findings, requirements: data.requirements, dueDate: new Date(data.dueDate) };
    case 'rectification_responded':
      return { ...base, response: data.response };
  }
}
