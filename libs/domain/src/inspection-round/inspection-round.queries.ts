import { HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Page, PageInput, decodeCursor, encodeCursor, pageQuery, toPage } from '../common/pagination';
import { Filing } from '../filing/filing.entity';
import { RoundFilter, TeamFilter } from './dto/inspection-round.inputs';
import { InspectionRound, InspectionTeam, RoundEvent, RoundRevisit, RoundTarget } from './inspection-round.entity';
import { RoundRole } from './inspection-round.enums';
import { RoundErrorCode, RoundException } from './inspection-round.exception';
import { RoundFilingView, RoundView, TeamView } from './inspection-round.types';

/** Reads of the rounds a node holds (its own and its copies), newest first. */
@Injectable()
export class InspectionRoundQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
  ) {}

  async list(nodeId: string, filter: RoundFilter, page: PageInput): Promise<Page<RoundView>> {
    const qb = this.dataSource.getRepository(InspectionRound).createQueryBuilder('r').where('r.node_id = :nodeId', { nodeId });
    if (filter.year) qb.andWhere('r.year = :year', { year: filter.year });
    if (filter.kinds?.length) qb.andWhere('r.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.modes?.length) qb.andWhere('r.mode IN (:...modes)', { modes: filter.modes });
    if (filter.states?.length) qb.andWhere('r.state IN (:...states)', { states: filter.states });
    if (filter.role === RoundRole.Arranging) qb.andWhere('r.owner_node_id = r.node_id');
    if (filter.role === RoundRole.Inspecting) qb.andWhere('EXISTS (SELECT 1 FROM inspection_team t WHERE t.node_id = r.node_id AND t.round_id = r.id AND t.from_node_id = r.node_id)');
    if (filter.role === RoundRole.Inspected) {
      qb.andWhere('EXISTS (SELECT 1 FROM inspection_round_target g WHERE g.node_id = r.node_id AND g.round_id = r.id AND (g.inspector_node_id = r.node_id OR g.region_node_id = r.node_id))');
    }
    if (filter.organisationId) qb.andWhere('EXISTS (SELECT 1 FROM inspection_round_target o WHERE o.node_id = r.node_id AND o.round_id = r.id AND o.organisation_id = :org)', { org: filter.organisationId });
    const rows = await pageQuery(qb, page, 'r.created_at', 'r.id').getMany();
    const found = toPage(rows, page, (row) => ({ at: row.createdAt, id: row.id }), (row) => row);
    return { items: await this.views(nodeId, found.items), nextCursor: found.nextCursor };
  }

  async get(nodeId: string, id: string): Promise<RoundView> {
    const round = await this.dataSource.manager.findOneBy(InspectionRound, { nodeId, id });
    if (!round) throw new RoundException(RoundErrorCode.NotFound, `node ${nodeId} holds no round ${id}`);
    return (await this.views(nodeId, [round]))[0];
  }

  async teams(nodeId: string, filter: TeamFilter, page: PageInput): Promise<Page<TeamView>> {
    const params: unknown[] = [nodeId];
    const where = ['t.node_id = $1'];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.year) add('r.year = ?', filter.year);
    if (filter.roundId) add('t.round_id = ?', filter.roundId);
    if (filter.fromNodeId) add('t.from_node_id = ?', filter.fromNodeId);
    if (filter.person) add(`(strpos(t.leader, ?) > 0 OR EXISTS (SELECT 1 FROM unnest(t.members) m WHERE strpos(m, $${params.length + 1}) > 0))`, filter.person);
    if (filter.person) params.push(filter.person);
    if (page.after) {
      const cursor = decodeCursor(page.after);
      params.push(cursor.at, cursor.id);
      where.push(`(r.created_at, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(page.first + 1);
    const rows: Array<InspectionTeam & { at: Date }> = await this.dataSource.query(
      `SELECT t.id, t.round_id AS "roundId", t.name, t.leader, t.members, t.from_node_id AS "fromNodeId", t.node_id AS "nodeId", r.created_at AS at
         FROM inspection_team t JOIN inspection_round r ON r.node_id = t.node_id AND r.id = t.round_id
        WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, t.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, page.first);
    const targets = await this.dataSource.manager.find(RoundTarget, { where: { nodeId, teamId: In(items.map((t) => t.id).concat(['00000000-0000-0000-0000-000000000000'])) } });
    const last = items.at(-1);
    return { items: items.map((team) => this.teamView(team, targets)), nextCursor: rows.length > page.first && last ? encodeCursor({ at: last.at, id: last.id }) : null };
  }

  private async views(nodeId: string, rounds: InspectionRound[]): Promise<RoundView[]> {
    if (rounds.length === 0) return [];
    const m = this.dataSource.manager;
    const ids = rounds.map((round) => round.id);
    const filingIds = rounds.flatMap((round) => [round.planFilingId, round.arrangementFilingId]).filter((id): id is string => !!id);
    const [teams, targets, events, revisits, filings] = await Promise.all([
      m.find(InspectionTeam, { where: { nodeId, roundId: In(ids) }, order: { position: 'ASC' } }),
      m.find(RoundTarget, { where: { nodeId, roundId: In(ids) }, order: { name: 'ASC' } }),
      m.find(RoundEvent, { where: { nodeId, roundId: In(ids) }, order: { seq: 'ASC' } }),
      m.find(RoundRevisit, { where: { nodeId, roundId: In(ids) } }),
      filingIds.length ? m.find(Filing, { where: { nodeId, id: In(filingIds) } }) : Promise.resolve([]),
    ]);
    const filingView = (id: string | null): RoundFilingView | null => {
      const filing = filings.find((f) => f.id === id);
      return filing ? { filingId: filing.id, status: filing.status, dueOn: filing.dueOn, firstSubmittedAt: filing.firstSubmittedAt ?? undefined } : null;
    };
    return rounds.map((round) => {
      const own = { teams: teams.filter((t) => t.roundId === round.id), targets: targets.filter((t) => t.roundId === round.id) };
      const roles = new Set<RoundRole>();
      if (round.ownerNodeId === nodeId) roles.add(RoundRole.Arranging);
      if (own.teams.some((t) => t.fromNodeId === nodeId)) roles.add(RoundRole.Inspecting);
      if (own.targets.some((t) => t.inspectorNodeId === nodeId || t.regionNodeId === nodeId)) roles.add(RoundRole.Inspected);
      return {
        ...round,
        roles: [...roles],
        revisitedRectificationIds: revisits.filter((r) => r.roundId === round.id).map((r) => r.rectificationId),
        teams: own.teams.map((team) => this.teamView(team, own.targets)),
        targets: own.targets,
        events: events.filter((e) => e.roundId === round.id),
        planFiling: filingView(round.planFilingId),
        arrangementFiling: filingView(round.arrangementFilingId),
      };
    });
  }

  private teamView(team: Pick<InspectionTeam, 'id' | 'roundId' | 'name' | 'leader' | 'members' | 'fromNodeId'>, targets: RoundTarget[]): TeamView {
    return {
      id: team.id,
      roundId: team.roundId,
      name: team.name,
      leader: team.leader,
      members: team.members,
      fromNodeId: team.fromNodeId,
      fromNodeName: this.host.registry.find(team.fromNodeId)?.name ?? team.fromNodeId,
      targetIds: targets.filter((t) => t.teamId === team.id).map((t) => t.organisationId),
    };
  }
}
