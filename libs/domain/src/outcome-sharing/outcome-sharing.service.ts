import { DeliveryContext, FederationTransactions, HostContext, InvalidPayloadError, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ShareOutcomeInput } from './dto/share-outcome.input';
import { OutcomeKind, ProblemCategory } from './outcome.enums';
import { OutcomeErrorCode, OutcomeException } from './outcome-sharing.exception';
import { ProblemStatistic } from './outcome.types';
import { SharedOutcome } from './shared-outcome.entity';

const KINDS = new Set<string>(Object.values(OutcomeKind));
const CATEGORIES = new Set<string>(Object.values(ProblemCategory));

/**
 * 成果共享: a node shares findings, typical cases and problem statistics; they travel towards central
 * and every level on the way keeps them, so each level rolls up its whole subtree from its own copies.
 */
@Injectable()
export class OutcomeSharingService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
  ) {}

  async share(input: ShareOutcomeInput): Promise<SharedOutcome> {
    this.assertServed(input.nodeId);
    const categories = input.problems.map((problem) => problem.category);
    if (new Set(categories).size !== categories.length) throw new OutcomeException(OutcomeErrorCode.DuplicateCategory, 'each problem category may appear once');
    if (input.kind === OutcomeKind.ProblemStatistics && input.problems.length === 0) throw new OutcomeException(OutcomeErrorCode.NoProblems, 'problem statistics need at least one category');
    const outcome = Object.assign(new SharedOutcome(), {
      nodeId: input.nodeId,
      id: randomUUID(),
      originNodeId: input.nodeId,
      kind: input.kind,
      title: input.title,
      summary: input.summary,
      problems: input.problems.map(({ category, count }) => ({ category, count })),
      sharedAt: new Date(),
    });
    const root = this.host.registry.ancestors(input.nodeId).at(-1);
    return this.transactions.run(async (tx) => {
      await tx.manager.insert(SharedOutcome, outcome);
      if (root) {
        tx.emit({
          type: MessageType.OutcomeShared,
          from: input.nodeId,
          destination: root.id,
          payload: { outcomeId: outcome.id, originNodeId: outcome.originNodeId, kind: outcome.kind, title: outcome.title, summary: outcome.summary, problems: outcome.problems, sharedAt: outcome.sharedAt.toISOString() },
        });
      }
      return outcome;
    });
  }

  /** A level above the origin keeps its copy. */
  async recordCopy({ manager, node, envelope, payload }: DeliveryContext<typeof MessageType.OutcomeShared>): Promise<void> {
    if (envelope.origin !== payload.originNodeId || !this.host.registry.isAncestor(node.id, payload.originNodeId)) {
      throw new InvalidPayloadError(`outcome of ${payload.originNodeId} must come from it and go up`);
    }
    if (!KINDS.has(payload.kind) || !Array.isArray(payload.problems) || payload.problems.some((p) => !CATEGORIES.has(p.category) || !Number.isInteger(p.count) || p.count < 0)) {
      throw new InvalidPayloadError(`outcome ${payload.outcomeId} has an unknown kind or malformed problem counts`);
    }
    await manager
      .createQueryBuilder()
      .insert()
      .into(SharedOutcome)
      .values({ nodeId: node.id, id: payload.outcomeId, originNodeId: payload.originNodeId, kind: payload.kind as OutcomeKind, title: payload.title, summary: payload.summary, problems: payload.problems as SharedOutcome['problems'], sharedAt: new Date(payload.sharedAt) })
      .orIgnore()
      .execute();
  }

  async list(nodeId: string, kind: OutcomeKind | null, scope: string | null, limit: number): Promise<SharedOutcome[]> {
    this.assertServed(nodeId);
    const origins = scope ? this.host.registry.subtree(scope).map((node) => node.id) : null;
    const query = this.dataSource.manager.createQueryBuilder(SharedOutcome, 'o').where('o.node_id = :nodeId', { nodeId });
    if (kind) query.andWhere('o.kind = :kind', { kind });
    if (origins) query.andWhere('o.origin_node_id IN (:...origins)', { origins });
    return query.orderBy('o.shared_at', 'DESC').limit(limit).getMany();
  }

  /** Problems by category over the node's subtree (or a descendant's); `minNodes` keeps the common ones. */
  async statistics(nodeId: string, scope: string | null, minNodes = 1): Promise<ProblemStatistic[]> {
    this.assertServed(nodeId);
    const origins = scope ? this.host.registry.subtree(scope).map((node) => node.id) : null;
    const rows: Array<{ category: ProblemCategory; total: number; outcomes: number; nodes: string[] }> = await this.dataSource.query(
      `SELECT p.category, sum(p.count)::int AS total, count(DISTINCT o.id)::int AS outcomes, array_agg(DISTINCT o.origin_node_id ORDER BY o.origin_node_id) AS nodes
       FROM shared_outcome o CROSS JOIN LATERAL jsonb_to_recordset(o.problems) AS p(category text, count int)
       WHERE o.node_id = $1 AND ($2::text[] IS NULL OR o.origin_node_id = ANY($2)) AND p.count > 0
       GROUP BY p.category HAVING count(DISTINCT o.origin_node_id) >= $3
       ORDER BY count(DISTINCT o.origin_node_id) DESC, total DESC, p.category`,
      [nodeId, origins, minNodes],
    );
    return rows.map((row) => ({ category: row.category, total: row.total, outcomes: row.outcomes, reportingNodes: row.nodes }));
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new OutcomeException(OutcomeErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}: ask its own host`);
  }
}
