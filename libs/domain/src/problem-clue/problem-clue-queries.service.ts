import { HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClueStatus } from './clue.enums';
import { ClueErrorCode, ClueException } from './clue.exception';
import { ClueCount, ClueSummary } from './clue.types';
import { ProblemClue } from './problem-clue.entity';

/** Counts and statuses of the clues in a node's subtree: what every role may see. */
@Injectable()
export class ProblemClueQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
  ) {}

  async list(nodeId: string, scope: string | null, statuses: ClueStatus[] | null, limit: number): Promise<ClueSummary[]> {
    this.assertServed(nodeId);
    const query = this.dataSource.manager.createQueryBuilder(ProblemClue, 'c').where('c.node_id = :nodeId', { nodeId });
    if (scope) query.andWhere('c.origin_node_id IN (:...origins)', { origins: this.host.registry.subtree(scope).map((node) => node.id) });
    if (statuses?.length) query.andWhere('c.status IN (:...statuses)', { statuses });
    return query.orderBy('c.recorded_at', 'DESC').limit(limit).getMany();
  }

  async counts(nodeId: string, scope: string | null): Promise<ClueCount[]> {
    this.assertServed(nodeId);
    const origins = scope ? this.host.registry.subtree(scope).map((node) => node.id) : null;
    const rows: Array<{ status: ClueStatus; count: number }> = await this.dataSource.query(
      `SELECT status, count(*)::int AS count FROM problem_clue WHERE node_id = $1 AND ($2::text[] IS NULL OR origin_node_id = ANY($2)) GROUP BY status`,
      [nodeId, origins],
    );
    const found = new Map(rows.map((row) => [row.status, row.count]));
    return Object.values(ClueStatus).map((status) => ({ status, count: found.get(status) ?? 0 }));
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new ClueException(ClueErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}: ask its own host`);
  }
}
