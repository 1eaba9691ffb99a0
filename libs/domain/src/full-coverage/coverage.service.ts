import { FederationTransactions, UnitOfWork, HostContext, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { localDateOf } from '../deadlines/local-date';
import { CoverageErrorCode, CoverageException } from './coverage.exception';
import { CoverageTally, MarkInspectedInput, PartyOrganisation, RegisterOrganisationsInput } from './dto/coverage.inputs';

/**
 * 全覆盖: a node registers the party organisations of its own jurisdiction per term and marks them
 * inspected; its tally goes up to central in the same transaction, recorded at every level on the
 * way (the analytics triggers turn the tallies into subtree figures).
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly host: HostContext,
  ) {}

  async register(input: RegisterOrganisationsInput): Promise<CoverageTally> {
    this.assertServed(input.nodeId);
    const names = [...new Set(input.names.map((name) => name.trim()).filter(Boolean))];
    return this.transactions.run(async (tx) => {
      await tx.manager.query(
        `INSERT INTO coverage_organisation (node_id, id, term, name, registered_at) SELECT $1, gen_random_uuid(), $2, name, now() FROM unnest($3::text[]) AS name
         ON CONFLICT (node_id, term, name) DO NOTHING`,
        [input.nodeId, input.term, names],
      );
      return this.report(tx, input.nodeId, input.term);
    });
  }

  async markInspected(input: MarkInspectedInput): Promise<CoverageTally> {
    this.assertServed(input.nodeId);
    return this.transactions.run(async (tx) => {
      const [org] = await tx.manager.query(
        `WITH marked AS (UPDATE coverage_organisation SET inspected_on = COALESCE(inspected_on, $3::date) WHERE node_id = $1 AND id = $2 RETURNING term) SELECT term FROM marked`,
        [input.nodeId, input.organisationId, input.inspectedOn ?? localDateOf(new Date())],
      );
      if (!org) throw new CoverageException(CoverageErrorCode.UnknownOrganisation, `node ${input.nodeId} has no organisation ${input.organisationId}`);
      return this.report(tx, input.nodeId, org.term);
    });
  }

  async organisations(nodeId: string, term: string): Promise<PartyOrganisation[]> {
    this.assertServed(nodeId);
    return this.transactions.run(async (tx) =>
      (await tx.manager.query(`SELECT id, term, name, to_char(inspected_on, 'YYYY-MM-DD') AS "inspectedOn" FROM coverage_organisation WHERE node_id = $1 AND term = $2 ORDER BY name`, [nodeId, term])) as PartyOrganisation[],
    );
  }

  /** Recounts the node's own tally, records it here and sends it towards central. */
  private async report(tx: UnitOfWork, nodeId: string, term: string): Promise<CoverageTally> {
    const [tally] = await tx.manager.query(
      `SELECT count(*)::int AS organisations, count(inspected_on)::int AS inspected FROM coverage_organisation WHERE node_id = $1 AND term = $2`,
      [nodeId, term],
    );
    const [{ revision }] = await tx.manager.query(
      `INSERT INTO coverage_report (node_id, origin_node_id, term, organisations, inspected, revision, reported_at) VALUES ($1, $1, $2, $3, $4, 1, now())
       ON CONFLICT (node_id, origin_node_id, term) DO UPDATE SET organisations = EXCLUDED.organisations, inspected = EXCLUDED.inspected, revision = coverage_report.revision + 1, reported_at = EXCLUDED.reported_at
       RETURNING revision`,
      [nodeId, term, tally.organisations, tally.inspected],
    );
    const root = this.host.registry.ancestors(nodeId).at(-1);
    if (root) {
      tx.emit({
        type: MessageType.CoverageProgress,
        from: nodeId,
        destination: root.id,
        correlationId: randomUUID(),
        payload: { originNodeId: nodeId, term, organisations: tally.organisations, inspected: tally.inspected, revision: Number(revision), changedAt: new Date().toISOString() },
      });
    }
    return { nodeId, term, organisations: tally.organisations, inspected: tally.inspected };
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new CoverageException(CoverageErrorCode.NotServed, `node ${nodeId} is not served by this host`);
  }
}
