import { Injectable } from '@nestjs/common';
import { Registry } from '@app/federation';
import { DataSource } from 'typeorm';
import { Page, PageInput, pageQuery, toPage } from '../common/pagination';
import { DeadlineStatus } from '../deadlines/deadline.enums';
import { DeadlineService } from '../deadlines/deadline.service';
import { DeadlineView } from '../deadlines/deadline.types';
import { AnyFlow, DispatchRefusal, DispatchRole } from './dispatch-flow';
import { Dispatch, DispatchStep, DispatchTarget } from './dispatch.entity';

export interface DispatchFilter {
  role?: DispatchRole;
  /** Dispatches with at least one target in this state. */
  targetState?: string;
  /** Dispatches for which the node itself, as a target, is in this state (a notice it has not read). */
  ownState?: string;
}

/** One node's copy of a dispatch, with its issuer's name. */
export interface DispatchRecord extends Dispatch {
  issuerName: string;
}

/** One target's exchange as one node sees it, with its steps oldest first when asked for. */
export interface TargetRecord {
  targetId: string;
  targetName: string;
  state: string;
  updatedAt: Date;
  steps: DispatchStep[];
}

/** How many targets a node sees in each state, and where the node itself stands as a target. */
export interface TargetTally {
  total: number;
  byState: Record<string, number>;
  own: { state: string; updatedAt: Date } | null;
}

/** Reads over one node's copies of a flow's dispatches; each flow turns them into its own views. */
@Injectable()
export class DispatchQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: Registry,
    private readonly deadlines: DeadlineService,
  ) {}

  async list(flow: AnyFlow, nodeId: string, filter: DispatchFilter, page: PageInput): Promise<Page<DispatchRecord>> {
    const qb = this.dataSource.getRepository(Dispatch).createQueryBuilder('d').where('d.node_id = :nodeId AND d.flow = :flow', { nodeId, flow: flow.kind });
    if (filter.role) qb.andWhere('d.role = :role', { role: filter.role });
    const target = (condition: string) => `EXISTS (SELECT 1 FROM dispatch_target t WHERE t.node_id = d.node_id AND t.dispatch_id = d.id AND ${condition})`;
    if (filter.targetState) qb.andWhere(target('t.state = :targetState'), { targetState: filter.targetState });
    if (filter.ownState) qb.andWhere(target('t.target_id = d.node_id AND t.state = :ownState'), { ownState: filter.ownState });
    const rows = await pageQuery(qb, page, 'd.dispatched_at', 'd.id').getMany();
    return toPage(rows, page, (row) => ({ at: row.dispatchedAt, id: row.id }), (row) => this.record(row));
  }

  async get(flow: AnyFlow, nodeId: string, id: string): Promise<DispatchRecord> {
    const dispatch = await this.dataSource.getRepository(Dispatch).findOne({ where: { nodeId, id, flow: flow.kind } });
    if (!dispatch) throw flow.refuse(DispatchRefusal.NotFound, `node ${nodeId} holds no ${flow.kind} ${id}`);
    return this.record(dispatch);
  }

  async targets(nodeId: string, dispatchId: string, options: { states?: readonly string[]; steps?: boolean } = {}): Promise<TargetRecord[]> {
    const targets = this.dataSource
      .getRepository(DispatchTarget)
      .createQueryBuilder('t')
      .where('t.node_id = :nodeId AND t.dispatch_id = :dispatchId', { nodeId, dispatchId })
      .orderBy('t.target_id', 'ASC');
    if (options.states) targets.andWhere('t.state = ANY(:states)', { states: options.states });
    const [rows, steps] = await Promise.all([
      targets.getMany(),
      options.steps ? this.dataSource.getRepository(DispatchStep).find({ where: { nodeId, dispatchId }, order: { at: 'ASC', stepId: 'ASC' } }) : [],
    ]);
    return rows.map((row) => ({
      targetId: row.targetId,
      targetName: this.name(row.targetId),
      state: row.state,
      updatedAt: row.updatedAt,
      steps: steps.filter((step) => step.targetId === row.targetId),
    }));
  }

  async tally(nodeId: string, dispatchId: string): Promise<TargetTally> {
    const rows: Array<{ state: string; n: number; own_at: Date | null }> = await this.dataSource.query(
      `SELECT state, count(*)::int AS n, max(updated_at) FILTER (WHERE target_id = $1) AS own_at
       FROM dispatch_target WHERE node_id = $1 AND dispatch_id = $2 GROUP BY state`,
      [nodeId, dispatchId],
    );
    const own = rows.find((row) => row.own_at !== null);
    return {
      total: rows.reduce((sum, row) => sum + row.n, 0),
      byState: Object.fromEntries(rows.map((row) => [row.state, row.n])),
      own: own ? { state: own.state, updatedAt: own.own_at! } : null,
    };
  }

  /** What the targets this node sees owe for the dispatch, and whether they met it. */
  obligations(nodeId: string, dispatchId: string): Promise<DeadlineView[]> {
    return this.deadlines.list(nodeId, { statuses: Object.values(DeadlineStatus), recordId: dispatchId, limit: 1000 });
  }

  private record(dispatch: Dispatch): DispatchRecord {
    return Object.assign(dispatch, { issuerName: this.name(dispatch.issuerId) });
  }

  private name(nodeId: string): string {
    return this.registry.find(nodeId)?.name ?? nodeId;
  }
}
