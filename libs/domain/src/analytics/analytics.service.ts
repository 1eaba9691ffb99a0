import { HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnalyticsKind } from './analytics.enums';

export interface FigureQuery {
  holderNodeId: string;
  kinds: readonly AnalyticsKind[];
  periodFrom: string | null;
  periodTo: string | null;
  /** 全覆盖 term; coverage figures of every term when null (kept apart by `term`). */
  term: string | null;
}

export interface FigureCount {
  kind: AnalyticsKind;
  key: string;
  value: number;
  /** Coverage only: the term the figure belongs to. */
  term: string | null;
  /** When this subtree last changed this figure, as the holder saw it. */
  lastUpdatedAt: Date;
}

/**
 * Reads the materialised counters. A node below the holder is one set of rows (its subtree total);
 * the holder itself is its own rows plus its children's.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
  ) {}

  /** Figures of many subtrees in one statement (the DataLoader's batch). */
  async subtreeFigures(query: FigureQuery, nodeIds: readonly string[]): Promise<Map<string, FigureCount[]>> {
    const targets: Array<[string, string]> = nodeIds.flatMap((id) =>
      id === query.holderNodeId ? [[id, id] as [string, string], ...this.host.registry.children(id).map((child): [string, string] => [id, child.id])] : [[id, id] as [string, string]],
    );
    const rows: Array<{ node_id: string; kind: AnalyticsKind; key: string; term: string | null; value: string; last: Date }> = await this.dataSource.query(
      `SELECT t.node_id, f.kind, f.key, CASE WHEN f.kind = 'coverage' THEN f.period END AS term, sum(f.value) AS value, max(f.updated_at) AS last
         FROM unnest($2::varchar[], $7::varchar[]) AS t(node_id, subject)
         JOIN analytics_figure f ON f.holder_node_id = $1 AND f.kind = ANY($3) AND f.subject_node_id = t.subject
        WHERE (f.kind = 'coverage' OR (($4::text IS NULL OR f.period >= $4) AND ($5::text IS NULL OR f.period <= $5)))
          AND (f.kind <> 'coverage' OR $6::text IS NULL OR f.period = $6)
        GROUP BY 1, 2, 3, 4`,
      [query.holderNodeId, targets.map((t) => t[0]), query.kinds, query.periodFrom, query.periodTo, query.term, targets.map((t) => t[1])],
    );
    const byNode = new Map<string, FigureCount[]>(nodeIds.map((id) => [id, []]));
    for (const row of rows) byNode.get(row.node_id)?.push({ kind: row.kind, key: row.key, term: row.term, value: Number(row.value), lastUpdatedAt: row.last });
    for (const figures of byNode.values()) figures.sort((a, b) => a.kind.localeCompare(b.kind) || (a.term ?? '').localeCompare(b.term ?? '') || a.key.localeCompare(b.key));
    return byNode;
  }
}
