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
    const monthly = query.kinds.filter((kind) => kind !== AnalyticsKind.Coverage);
    const unfiltered = query.periodFrom === null && query.periodTo === null;
    // Plain conditions on the key's columns, so each target is one index range: period '*' holds
    // all months (asked for as BETWEEN '*' AND '*'); months sort after '*', so a month range never
    // picks it up.
    const params: unknown[] = [query.holderNodeId, targets.map((t) => t[0]), targets.map((t) => t[1])];
    const conditions: string[] = [];
    if (monthly.length > 0) {
      params.push(monthly, unfiltered ? '*' : (query.periodFrom ?? '0000-00'), unfiltered ? '*' : (query.periodTo ?? '9999-99'));
      conditions.push(`f.kind = ANY($${params.length - 2}) AND f.period BETWEEN $${params.length - 1} AND $${params.length}`);
    }
    if (query.kinds.includes(AnalyticsKind.Coverage)) {
      params.push(query.term);
      conditions.push(`f.kind = 'coverage' AND ($${params.length}::text IS NULL OR f.period = $${params.length})`);
    }
    if (conditions.length === 0) return new Map(nodeIds.map((id) => [id, []]));
    const rows: Array<{ node_id: string; kind: AnalyticsKind; key: string; term: string | null; value: string; last: Date }> = await this.dataSource.query(
      `SELECT node_id, kind, key, term, sum(value) AS value, max(updated_at) AS last FROM (${conditions
        .map(
          (condition) => `SELECT t.node_id, f.kind, f.key, CASE WHEN f.kind = 'coverage' THEN f.period END AS term, f.value, f.updated_at
             FROM unnest($2::varchar[], $3::varchar[]) AS t(node_id, subject)
             JOIN analytics_figure f ON f.holder_node_id = $1 AND f.subject_node_id = t.subject AND ${condition}`,
        )
        .join(' UNION ALL ')}) figures
        GROUP BY 1, 2, 3, 4`,
      params,
    );
    const byNode = new Map<string, FigureCount[]>(nodeIds.map((id) => [id, []]));
    for (const row of rows) byNode.get(row.node_id)?.push({ kind: row.kind, key: row.key, term: row.term, value: Number(row.value), lastUpdatedAt: row.last });
    for (const figures of byNode.values()) figures.sort((a, b) => a.kind.localeCompare(b.kind) || (a.term ?? '').localeCompare(b.term ?? '') || a.key.localeCompare(b.key));
    return byNode;
  }
}
