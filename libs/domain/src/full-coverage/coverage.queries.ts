import { HostContext, Tier } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnalyticsKind } from '../analytics/analytics.enums';
import { AnalyticsService } from '../analytics/analytics.service';
import { localDateOf } from '../deadlines/local-date';
import { CoverageErrorCode, CoverageException } from './coverage.exception';
import { CoverageService } from './coverage.service';
import { coverageRate, daysLeft } from './coverage-rules';
import { CoverageFigures, CoverageRollup, CoverageStatus, CoverageWarning, OrganisationCoverage, TermCoverage, TermView } from './coverage.types';
import { InspectionTerm } from './term.entity';

@Injectable()
export class CoverageQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
    private readonly coverage: CoverageService,
    private readonly analytics: AnalyticsService,
  ) {}

  async terms(nodeId: string): Promise<TermView[]> {
    this.coverage.assertServed(nodeId);
    const terms = await this.dataSource.manager.find(InspectionTerm, { where: { nodeId }, order: { startsOn: 'DESC' } });
    return terms.map((term) => termView(term));
  }

  /** The node's own register in the term, organisation by organisation. */
  async termCoverage(nodeId: string, label: string): Promise<TermCoverage> {
    this.coverage.assertServed(nodeId);
    const term = await this.dataSource.manager.findOneBy(InspectionTerm, { nodeId, label });
    if (!term) throw new CoverageException(CoverageErrorCode.UnknownTerm, `node ${nodeId} has no term ${label}`);
    const tally = await this.coverage.tally(this.dataSource.manager, nodeId, term);
    const rows: Array<OrganisationCoverage & { inspected: boolean; scheduled: boolean }> = await this.dataSource.query(
      `SELECT o.id AS "organisationId", o.name, o.kind,
              i.round_id AS "inspectedBy", i.stationed_on::text AS "inspectedOn", s.round_id AS "scheduledBy", p.inspected_on::text AS "priorOn"
         FROM organisation o
         LEFT JOIN LATERAL (SELECT r.id AS round_id, r.stationed_on FROM inspection_round_target g JOIN inspection_round r ON r.node_id = g.node_id AND r.id = g.round_id
                             WHERE g.node_id = o.node_id AND g.organisation_id = o.id AND r.state <> 'planned' AND r.stationed_on BETWEEN $2 AND $3 ORDER BY r.stationed_on LIMIT 1) i ON true
         LEFT JOIN LATERAL (SELECT r.id AS round_id FROM inspection_round_target g JOIN inspection_round r ON r.node_id = g.node_id AND r.id = g.round_id
                             WHERE g.node_id = o.node_id AND g.organisation_id = o.id AND r.state = 'planned' AND r.planned_station_on BETWEEN $2 AND $3 ORDER BY r.planned_station_on LIMIT 1) s ON true
         LEFT JOIN LATERAL (SELECT min(inspected_on) AS inspected_on FROM coverage_prior_inspection WHERE node_id = o.node_id AND organisation_id = o.id AND inspected_on BETWEEN $2 AND $3) p ON true
        WHERE o.node_id = $1 AND o.inspector_node_id = $1 AND o.active_from <= $3 AND (o.active_to IS NULL OR o.active_to >= $2)
        ORDER BY o.name LIMIT 5000`,
      [nodeId, term.startsOn, term.endsOn],
    );
    const organisations = rows.map((row: any) => {
      const inspectedOn = row.inspectedOn ?? row.priorOn ?? null;
      const status = inspectedOn ? CoverageStatus.Inspected : row.scheduledBy ? CoverageStatus.Scheduled : CoverageStatus.NotScheduled;
      return { organisationId: row.organisationId, name: row.name, kind: row.kind, status, roundId: row.inspectedBy ?? row.scheduledBy ?? null, inspectedOn };
    });
    return { nodeId, term: termView(term), figures: { ...tally, rate: coverageRate(tally) }, organisations };
  }

  /** A region's nodes (default its children) and their subtrees' coverage in the term, from the holder's roll-ups. */
  async rollup(holderNodeId: string, term: string, regionId: string, tier: Tier | null): Promise<CoverageRollup> {
    const page = this.analytics.regionPage(regionId, tier, null, 500);
    const query = this.analytics.figureQuery(holderNodeId, [AnalyticsKind.Coverage], null, null, term);
    const nodes = [page.region, ...page.items];
    const counts = await this.analytics.subtreeFigures(query, nodes.map((node) => node.id));
    const view = (node: (typeof nodes)[number]) => {
      const sum = (key: string) => (counts.get(node.id) ?? []).filter((c) => c.key === key && c.term === term).reduce((n, c) => n + c.value, 0);
      const figures: CoverageFigures = { organisations: sum('organisations'), inspected: sum('inspected'), scheduled: sum('scheduled'), atRisk: sum('at_risk'), rate: null };
      figures.rate = coverageRate(figures);
      return { nodeId: node.id, name: node.name, tier: node.tier as Tier, figures };
    };
    return { term, region: view(page.region), items: page.items.map(view) };
  }

  /** Nodes of the subtree (the node itself included) whose term ends within their warning window with organisations unscheduled. */
  async warnings(nodeId: string): Promise<CoverageWarning[]> {
    this.coverage.assertServed(nodeId);
    const today = localDateOf(new Date());
    const rows: Array<{ origin: string; term: string; ends: string; at_risk: number; organisations: number; inspected: number; scheduled: number }> = await this.dataSource.query(
      `SELECT origin_node_id AS origin, term, term_ends_on::text AS ends, at_risk, organisations, inspected, scheduled
         FROM coverage_report WHERE node_id = $1 AND at_risk > 0 AND term_ends_on >= $2 ORDER BY term_ends_on, origin_node_id`,
      [nodeId, today],
    );
    return rows.map((row) => ({
      nodeId: row.origin,
      nodeName: this.host.registry.find(row.origin)?.name ?? row.origin,
      term: row.term,
      termEndsOn: row.ends,
      daysLeft: daysLeft(row.ends, today),
      atRisk: row.at_risk,
      organisations: row.organisations,
      inspected: row.inspected,
      scheduled: row.scheduled,
    }));
  }
}

function termView(term: InspectionTerm, today = localDateOf(new Date())): TermView {
  return { label: term.label, startsOn: term.startsOn, endsOn: term.endsOn, current: term.startsOn <= today && today <= term.endsOn, daysLeft: daysLeft(term.endsOn, today) };
}
