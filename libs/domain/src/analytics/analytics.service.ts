import { HostContext, RegistryNode, Tier, TIERS_TOP_DOWN } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ANALYTICS_KINDS, AnalyticsKind } from './analytics.enums';
import { AnalyticsErrorCode, AnalyticsException } from './analytics.exception';
import { PERIOD, RollupFigures } from './analytics.types';
import { FigureCount, StoredFigure, sumFigures } from './figure-sums';

export interface FigureQuery {
  holderNodeId: string;
  kinds: readonly AnalyticsKind[];
  periodFrom: string | null;
  periodTo: string | null;
  /** 全覆盖 term; coverage figures of every term when null (kept apart by `term`). */
  term: string | null;
}

/** One page of a region's nodes of one tier, by id. */
export interface RegionPage {
  region: RegistryNode;
  items: readonly RegistryNode[];
  total: number;
  nextCursor: string | null;
}

/**
 * Reads the materialised counters. A node below the holder is one set of rows (its subtree total);
 * the holder itself is its own rows plus its children's.
 */
@Injectable()
export class AnalyticsService {
  /** A region's nodes of one tier, sorted by id. The registry is loaded at boot and never changes. */
  private readonly listings = new Map<string, readonly RegistryNode[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
  ) {}

  /** The region's nodes of `tier` (default: its children) after the cursor, `first` of them. */
  regionPage(regionId: string, tier: Tier | null, after: string | null, first: number): RegionPage {
    const region = this.host.registry.node(regionId);
    const depth = TIERS_TOP_DOWN.indexOf(region.tier as Tier);
    const listed = tier ?? TIERS_TOP_DOWN[Math.min(depth + 1, TIERS_TOP_DOWN.length - 1)];
    if (TIERS_TOP_DOWN.indexOf(listed) < depth) {
      throw new AnalyticsException(AnalyticsErrorCode.TierAboveRegion, `tier ${listed} is above the region ${regionId} (${region.tier})`);
    }
    const all = this.listing(region, listed);
    const start = after === null ? 0 : firstAfter(all, after);
    const items = all.slice(start, start + first);
    const last = items.at(-1);
    return { region, items, total: all.length, nextCursor: last && all.at(-1)!.id !== last.id ? last.id : null };
  }

  /** The figure query of a `figures` field's arguments; a malformed period is the caller's error. */
  figureQuery(holderNodeId: string, kinds?: readonly AnalyticsKind[] | null, periodFrom?: string | null, periodTo?: string | null, term?: string | null): FigureQuery {
    for (const period of [periodFrom, periodTo]) {
      if (period && !PERIOD.test(period)) throw new AnalyticsException(AnalyticsErrorCode.BadPeriod, `period ${period} is not YYYY-MM`);
    }
    return { holderNodeId, kinds: kinds?.length ? kinds : ANALYTICS_KINDS, periodFrom: periodFrom ?? null, periodTo: periodTo ?? null, term: term ?? null };
  }

  /** Figures of many subtrees in one statement, each summed up as the `figures` field answers. */
  async rollupFigures(query: FigureQuery, nodeIds: readonly string[]): Promise<Map<string, RollupFigures>> {
    const counts = await this.subtreeFigures(query, nodeIds);
    return new Map([...counts].map(([id, figures]) => [id, summarise(figures)]));
  }

  /** Figures of many subtrees in one statement. */
  async subtreeFigures(query: FigureQuery, nodeIds: readonly string[]): Promise<Map<string, FigureCount[]>> {
    const targets: Array<[string, string]> = nodeIds.flatMap((id) =>
      id === query.holderNodeId ? [[id, id] as [string, string], ...this.host.registry.children(id).map((child): [string, string] => [id, child.id])] : [[id, id] as [string, string]],
    );
    const monthly = query.kinds.filter((kind) => kind !== AnalyticsKind.Coverage);
    const unfiltered = query.periodFrom === null && query.periodTo === null;
    // Each target is one range of analytics_figure_by_subject (holder, subject, period), kinds
    // filtered within it: period '*' holds all months (asked for as BETWEEN '*' AND '*'); months
    // sort after '*', so a month range never picks it up. Coverage keeps to the primary key.
    const params: unknown[] = [query.holderNodeId, targets.map((t) => t[0]), targets.map((t) => t[1])];
    const figuresWhere = (condition: string) => `SELECT t.node_id, f.kind, f.key, CASE WHEN f.kind = 'coverage' THEN f.period END AS term, f.value, f.updated_at
        FROM unnest($2::varchar[], $3::varchar[]) AS t(node_id, subject)
        JOIN analytics_figure f ON f.holder_node_id = $1 AND f.subject_node_id = t.subject AND ${condition}`;
    const parts: string[] = [];
    if (monthly.length > 0) {
      params.push(monthly, unfiltered ? '*' : (query.periodFrom ?? '0000-00'), unfiltered ? '*' : (query.periodTo ?? '9999-99'));
      const months = figuresWhere(`f.period BETWEEN $${params.length - 1} AND $${params.length} AND f.kind = ANY($${params.length - 2})`);
      // A month range is summed over its months here, so that it returns no more rows than '*'.
      parts.push(unfiltered ? months : `SELECT node_id, kind, key, term, sum(value) AS value, max(updated_at) AS updated_at FROM (${months}) m GROUP BY 1, 2, 3, 4`);
    }
    const coverage = query.kinds.includes(AnalyticsKind.Coverage);
    if (coverage) {
      params.push(query.term);
      parts.push(figuresWhere(`f.kind = 'coverage' AND ($${params.length}::text IS NULL OR f.period = $${params.length})`));
    }
    if (parts.length === 0) return new Map(nodeIds.map((id) => [id, []]));
    // One row per node, its subjects' figures as one JSON array of text arrays (a page has hundreds
    // of figures: one JSON.parse per node is far cheaper than a row per figure), summed per state
    // here: a subject has one figure per state (and term), only a holder adds its children's, and
    // PostgreSQL's grouping and json_build_array of the same figures took over half its time.
    // A named statement (one per shape): PostgreSQL parses and plans it once per connection
    // instead of on every page. Through the driver's pg pool, since TypeORM's query() cannot name one.
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<{ node_id: string; figures: StoredFigure[] }>({
      name: `analytics-subtree-figures${monthly.length > 0 ? (unfiltered ? '-all-months' : '-month-range') : ''}${coverage ? '-coverage' : ''}`,
      text: `SELECT node_id, array_to_json(array_agg(ARRAY[kind, key, term, value::text, ((extract(epoch FROM updated_at) * 1000)::float8)::text])) AS figures
               FROM (${parts.join(' UNION ALL ')}) figures
              GROUP BY node_id`,
      values: params,
    });
    const byNode = new Map<string, FigureCount[]>(nodeIds.map((id) => [id, []]));
    for (const row of rows) {
      if (byNode.has(row.node_id)) byNode.set(row.node_id, sumFigures(row.figures));
    }
    return byNode;
  }

  private listing(region: RegistryNode, tier: Tier): readonly RegistryNode[] {
    const key = `${region.id} ${tier}`;
    let nodes = this.listings.get(key);
    if (!nodes) {
      nodes = (tier === region.tier ? [region] : this.host.registry.descendantsOfTier(region.id, tier)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.listings.set(key, nodes);
    }
    return nodes;
  }
}

/** Index of the first node whose id sorts after `after` (the length when none does). */
function firstAfter(nodes: readonly RegistryNode[], after: string): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (nodes[middle].id > after) high = middle;
    else low = middle + 1;
  }
  return low;
}

function summarise(counts: FigureCount[]): RollupFigures {
  let lastUpdatedAt: Date | null = null;
  let onTime = 0;
  let late = 0;
  let organisations = 0;
  let inspected = 0;
  for (const c of counts) {
    if (!lastUpdatedAt || c.lastUpdatedAt > lastUpdatedAt) lastUpdatedAt = c.lastUpdatedAt;
    if (c.kind === AnalyticsKind.Filing && c.key === 'on_time') onTime += c.value;
    else if (c.kind === AnalyticsKind.Filing && c.key === 'late') late += c.value;
    else if (c.kind === AnalyticsKind.Coverage && c.key === 'organisations') organisations += c.value;
    else if (c.kind === AnalyticsKind.Coverage && c.key === 'inspected') inspected += c.value;
  }
  return {
    counts,
    lastUpdatedAt,
    filingOnTimeRate: onTime + late > 0 ? onTime / (onTime + late) : null,
    coverageRate: organisations > 0 ? inspected / organisations : null,
  };
}
