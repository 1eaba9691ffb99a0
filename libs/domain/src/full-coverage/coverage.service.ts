import { FederationTransactions, HostContext, MessageType, UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { localDateOf } from '../deadlines/local-date';
import { CoverageConfig } from './coverage-config';
import { CoverageErrorCode, CoverageException } from './coverage.exception';
import { Tally, atRisk, termProblem } from './coverage-rules';
import { DefineTermInput } from './dto/coverage.inputs';
import { InspectionTerm } from './term.entity';

export interface TermTally extends Tally {
  atRisk: number;
}

/**
 * 全覆盖 per term (届): organisations of a node's own register active in the term, and how many of
 * them a round of the term inspected (stationed within it) or has scheduled. A node's tally is
 * recounted whenever its register, its rounds or its terms change (and by a sweep, as time alone
 * opens the warning window), recorded here and sent towards central when it changed; the analytics
 * triggers turn the tallies at every level into subtree figures.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly host: HostContext,
    private readonly config: CoverageConfig,
  ) {}

  /** Something that counts changed at `nodeId`: recount once, at the end of the unit of work. */
  changed(work: UnitOfWork, nodeId: string): void {
    work.atEnd<string>('coverage.recount', async (nodeIds) => {
      for (const id of [...new Set(nodeIds)].sort()) await this.recount(work, id);
    }, nodeId);
  }

  async defineTerm(input: DefineTermInput): Promise<InspectionTerm> {
    this.assertServed(input.nodeId);
    return this.transactions.run(async (tx) => {
      const others = await tx.manager.find(InspectionTerm, { where: { nodeId: input.nodeId }, lock: { mode: 'pessimistic_write' } });
      const problem = termProblem(input, others);
      if (problem) throw new CoverageException(CoverageErrorCode.InvalidTerm, problem);
      const term = Object.assign(new InspectionTerm(), { nodeId: input.nodeId, label: input.label, startsOn: input.startsOn, endsOn: input.endsOn, createdAt: new Date() });
      await tx.manager.upsert(InspectionTerm, term, ['nodeId', 'label']);
      this.changed(tx, input.nodeId);
      return term;
    });
  }

  /** Recounts every term of the node; a tally that changed is recorded and sent up. */
  async recount(work: UnitOfWork, nodeId: string, today = localDateOf(new Date())): Promise<void> {
    const terms = await work.manager.find(InspectionTerm, { where: { nodeId } });
    for (const term of terms) {
      const tally = await this.tally(work.manager, nodeId, term, today);
      await this.report(work, nodeId, term, tally);
    }
  }

  async tally(manager: EntityManager, nodeId: string, term: InspectionTerm, today = localDateOf(new Date())): Promise<TermTally> {
    const [row] = await manager.query(
      `WITH orgs AS (
         SELECT id FROM organisation WHERE node_id = $1 AND inspector_node_id = $1 AND active_from <= $3 AND (active_to IS NULL OR active_to >= $2)
       ), rounds AS (
         SELECT g.organisation_id,
                bool_or(r.state <> 'planned' AND r.stationed_on BETWEEN $2 AND $3) AS inspected,
                bool_or(r.state = 'planned' AND r.planned_station_on BETWEEN $2 AND $3) AS scheduled
           FROM inspection_round_target g JOIN inspection_round r ON r.node_id = g.node_id AND r.id = g.round_id
          WHERE g.node_id = $1 AND g.inspector_node_id = $1
          GROUP BY g.organisation_id
       ), prior AS (
         SELECT DISTINCT organisation_id FROM coverage_prior_inspection WHERE node_id = $1 AND inspected_on BETWEEN $2 AND $3
       )
       SELECT count(*)::int AS organisations,
              count(*) FILTER (WHERE coalesce(r.inspected, false) OR p.organisation_id IS NOT NULL)::int AS inspected,
              count(*) FILTER (WHERE NOT coalesce(r.inspected, false) AND p.organisation_id IS NULL AND coalesce(r.scheduled, false))::int AS scheduled
         FROM orgs o LEFT JOIN rounds r ON r.organisation_id = o.id LEFT JOIN prior p ON p.organisation_id = o.id`,
      [nodeId, term.startsOn, term.endsOn],
    );
    const tally: Tally = { organisations: row.organisations, inspected: row.inspected, scheduled: row.scheduled };
    return { ...tally, atRisk: atRisk(tally, term.endsOn, today, this.config.warningDays) };
  }

  private async report(work: UnitOfWork, nodeId: string, term: InspectionTerm, tally: TermTally): Promise<void> {
    const [stored] = await work.manager.query(
      `INSERT INTO coverage_report (node_id, origin_node_id, term, organisations, inspected, scheduled, at_risk, term_ends_on, revision, reported_at)
       VALUES ($1, $1, $2, $3, $4, $5, $6, $7, 1, now())
       ON CONFLICT (node_id, origin_node_id, term) DO UPDATE SET organisations = EXCLUDED.organisations, inspected = EXCLUDED.inspected, scheduled = EXCLUDED.scheduled,
         at_risk = EXCLUDED.at_risk, term_ends_on = EXCLUDED.term_ends_on, revision = coverage_report.revision + 1, reported_at = EXCLUDED.reported_at
       WHERE (coverage_report.organisations, coverage_report.inspected, coverage_report.scheduled, coverage_report.at_risk, coverage_report.term_ends_on)
         IS DISTINCT FROM (EXCLUDED.organisations, EXCLUDED.inspected, EXCLUDED.scheduled, EXCLUDED.at_risk, EXCLUDED.term_ends_on)
       RETURNING revision`,
      [nodeId, term.label, tally.organisations, tally.inspected, tally.scheduled, tally.atRisk, term.endsOn],
    );
    const root = this.host.registry.ancestors(nodeId).at(-1);
    if (!stored || !root) return;
    work.emit({
      type: MessageType.CoverageProgress,
      from: nodeId,
      destination: root.id,
      correlationId: randomUUID(),
      payload: { originNodeId: nodeId, term: term.label, organisations: tally.organisations, inspected: tally.inspected, scheduled: tally.scheduled, atRisk: tally.atRisk, termEndsOn: term.endsOn, revision: Number(stored.revision), changedAt: new Date().toISOString() },
    });
  }

  assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new CoverageException(CoverageErrorCode.NotServed, `node ${nodeId} is not served by host ${this.host.hostId}`);
  }
}
