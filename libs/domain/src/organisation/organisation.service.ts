import { FederationTransactions, HostContext, MessageType, OrganisationSnapshot, UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { insertAll } from '../common/bulk-insert';
import { CoverageService } from '../full-coverage/coverage.service';
import { OrganisationInput, ImportOrganisationsInput, UpdateOrganisationInput } from './dto/organisation.inputs';
import { Organisation } from './organisation.entity';
import { OrganisationKind } from './organisation.enums';
import { OrganisationErrorCode, OrganisationException } from './organisation.exception';
import { OrganisationRow, checkOrganisationRow } from './organisation-rules';
import { ImportReport, ImportRowOutcome, ImportRowReport } from './organisation.types';

const SNAPSHOTS_PER_MESSAGE = 500;

/**
 * A node's own register: what it inspects by 管理权限. Every change is reported towards central in
 * the same transaction, so each level above holds a copy of its subtree's organisations.
 */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly host: HostContext,
    private readonly coverage: CoverageService,
  ) {}

  async register(input: OrganisationInput): Promise<Organisation> {
    const row = this.checked(input.nodeId, input);
    return this.transactions.run(async (tx) => {
      const org = this.create(input.nodeId, row);
      await this.assertFree(tx.manager, org);
      await tx.manager.insert(Organisation, org);
      this.changed(tx, input.nodeId, [org]);
      return org;
    });
  }

  async update(input: UpdateOrganisationInput): Promise<Organisation> {
    const row = this.checked(input.nodeId, input);
    return this.transactions.run(async (tx) => {
      const org = await this.own(tx.manager, input.nodeId, input.organisationId);
      if (input.successorId) {
        if (input.successorId === org.id) throw new OrganisationException(OrganisationErrorCode.InvalidRow, 'an organisation cannot merge into itself');
        await this.own(tx.manager, input.nodeId, input.successorId);
        if (!row.activeTo) throw new OrganisationException(OrganisationErrorCode.InvalidRow, 'a merged organisation ends: give activeTo with successorId');
      }
      Object.assign(org, row, { successorId: input.successorId ?? null, revision: org.revision + 1, updatedAt: new Date() });
      await this.assertFree(tx.manager, org);
      await tx.manager.save(org);
      this.changed(tx, input.nodeId, [org]);
      return org;
    });
  }

  /**
   * Creates or updates every row, matched on its code when it has one and on its name otherwise, so
   * that importing the same file again changes nothing. All rows or none: one wrong row leaves the
   * register as it was, and the report names every wrong row.
   */
  async import(input: ImportOrganisationsInput): Promise<ImportReport> {
    this.assertServed(input.nodeId);
    return this.transactions.run(async (tx) => {
      const existing = await tx.manager.find(Organisation, { where: { nodeId: input.nodeId, inspectorNodeId: input.nodeId }, lock: { mode: 'pessimistic_write' } });
      const byCode = new Map(existing.filter((org) => org.code).map((org) => [org.code!, org]));
      const byName = new Map(existing.map((org) => [org.name, org]));
      const seen = new Set<string>();
      const regions = new Map(existing.filter((org) => org.regionNodeId && !org.activeTo).map((org) => [org.regionNodeId!, org.id]));
      const reports: ImportRowReport[] = [];
      const writes: Organisation[] = [];
      input.rows.forEach((raw, index) => {
        const { row, errors } = checkOrganisationRow(this.host.registry, input.nodeId, raw);
        const report: ImportRowReport = { row: index + 1, outcome: ImportRowOutcome.Failed, name: raw.name?.trim() || null, organisationId: null, errors };
        reports.push(report);
        if (!row) return;
        const keys = [`name:${row.name}`, ...(row.code ? [`code:${row.code}`] : [])];
        const repeated = keys.find((key) => seen.has(key));
        if (repeated) return void errors.push(`${repeated.replace(':', ' ')} appears in an earlier row`);
        keys.forEach((key) => seen.add(key));
        const match = (row.code ? byCode.get(row.code) : undefined) ?? byName.get(row.name);
        const clash = byName.get(row.name);
        if (clash && match && clash.id !== match.id) return void errors.push(`the name is already used by another organisation (${clash.id})`);
        if (row.regionNodeId && !row.activeTo) {
          const holder = regions.get(row.regionNodeId);
          if (holder && holder !== match?.id) return void errors.push(`region ${row.regionNodeId} already has its party committee in the register (${holder})`);
          regions.set(row.regionNodeId, match?.id ?? `row ${index}`);
        }
        if (!match) {
          const org = this.create(input.nodeId, row);
          writes.push(org);
          Object.assign(report, { outcome: ImportRowOutcome.Created, organisationId: org.id });
        } else if (sameRow(match, row)) {
          Object.assign(report, { outcome: ImportRowOutcome.Unchanged, organisationId: match.id });
        } else {
          writes.push(Object.assign(match, row, { revision: match.revision + 1, updatedAt: new Date() }));
          Object.assign(report, { outcome: ImportRowOutcome.Updated, organisationId: match.id });
        }
      });
      const count = (outcome: ImportRowOutcome) => reports.filter((report) => report.outcome === outcome).length;
      const failed = count(ImportRowOutcome.Failed);
      const applied = failed === 0 && !input.dryRun && writes.length > 0;
      if (applied) {
        await insertAll(tx.manager, Organisation, writes, ['node_id', 'id']);
        this.changed(tx, input.nodeId, writes);
      }
      return { applied: failed === 0 && !input.dryRun, created: count(ImportRowOutcome.Created), updated: count(ImportRowOutcome.Updated), unchanged: count(ImportRowOutcome.Unchanged), failed, rows: reports };
    });
  }

  /** An organisation of the node's own register, locked for change. */
  async own(manager: EntityManager, nodeId: string, id: string): Promise<Organisation> {
    this.assertServed(nodeId);
    const org = await manager.findOne(Organisation, { where: { nodeId, id }, lock: { mode: 'pessimistic_write' } });
    if (!org) throw new OrganisationException(OrganisationErrorCode.NotFound, `node ${nodeId} holds no organisation ${id}`);
    if (org.inspectorNodeId !== nodeId) throw new OrganisationException(OrganisationErrorCode.NotOwn, `${org.name} is in the register of ${org.inspectorNodeId}, which alone changes it`);
    return org;
  }

  private checked(nodeId: string, input: OrganisationInput): OrganisationRow {
    this.assertServed(nodeId);
    const { row, errors } = checkOrganisationRow(this.host.registry, nodeId, { ...input, code: input.code ?? null, regionNodeId: input.regionNodeId ?? null, cadreLevel: input.cadreLevel ?? null, activeTo: input.activeTo ?? null });
    if (!row) throw new OrganisationException(OrganisationErrorCode.InvalidRow, errors.join('; '), { errors });
    return row;
  }

  private create(nodeId: string, row: OrganisationRow): Organisation {
    return Object.assign(new Organisation(), { nodeId, id: randomUUID(), inspectorNodeId: nodeId, ...row, successorId: null, revision: 1, updatedAt: new Date() });
  }

  /** The same name or code twice in one register, or two committees of one region, are refused. */
  private async assertFree(manager: EntityManager, org: Organisation): Promise<void> {
    const clash: Array<{ id: string; name: string }> = await manager.query(
      `SELECT id, name FROM organisation WHERE node_id = $1 AND inspector_node_id = $1 AND id <> $2
         AND (name = $3 OR code = $4 OR (region_node_id = $5 AND active_to IS NULL AND $6::date IS NULL)) LIMIT 1`,
      [org.nodeId, org.id, org.name, org.code, org.regionNodeId, org.activeTo],
    );
    if (clash.length > 0) throw new OrganisationException(OrganisationErrorCode.Duplicate, `${clash[0].name} (${clash[0].id}) already has this name, code or region`);
  }

  private changed(work: UnitOfWork, nodeId: string, orgs: Organisation[]): void {
    this.coverage.changed(work, nodeId);
    const root = this.host.registry.ancestors(nodeId).at(-1);
    if (!root) return;
    for (let i = 0; i < orgs.length; i += SNAPSHOTS_PER_MESSAGE) {
      work.emit({ type: MessageType.OrganisationRegistered, from: nodeId, destination: root.id, payload: { organisations: orgs.slice(i, i + SNAPSHOTS_PER_MESSAGE).map(snapshotOf) } });
    }
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new OrganisationException(OrganisationErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}`);
  }
}

function sameRow(org: Organisation, row: OrganisationRow): boolean {
  return (Object.keys(row) as Array<keyof OrganisationRow>).every((key) => (org[key] ?? null) === (row[key] ?? null));
}

export function snapshotOf(org: Organisation): OrganisationSnapshot {
  return {
    organisationId: org.id,
    name: org.name,
    code: org.code,
    kind: org.kind,
    inspectorNodeId: org.inspectorNodeId,
    regionNodeId: org.regionNodeId,
    cadreLevel: org.cadreLevel,
    activeFrom: org.activeFrom,
    activeTo: org.activeTo,
    successorId: org.successorId,
    revision: org.revision,
  };
}

export const isLocalCommittee = (org: Pick<Organisation, 'kind'>) => org.kind === OrganisationKind.LocalCommittee;
