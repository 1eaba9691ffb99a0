import { Injectable } from '@nestjs/common';
import { Registry } from '@app/federation';
import { DataSource } from 'typeorm';
import { Page, PageInput, pageQuery, toPage } from '../common/pagination';
import { SpecialCheck, SpecialCheckStepRecord, SpecialCheckTarget } from './special-check.entity';
import { ReviewVerdict, SpecialCheckRole, SpecialCheckState } from './special-check.enums';
import { SpecialCheckErrorCode, SpecialCheckException } from './special-check.exception';
import { CheckedNodeStatus, SpecialCheckStepView, SpecialCheckView } from './special-check.types';

/** Reads over one node's special checks, as API views. */
@Injectable()
export class SpecialCheckQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: Registry,
  ) {}

  async list(nodeId: string, role: SpecialCheckRole | undefined, state: SpecialCheckState | undefined, page: PageInput): Promise<Page<SpecialCheckView>> {
    const qb = this.dataSource.getRepository(SpecialCheck).createQueryBuilder('c').where('c.node_id = :nodeId', { nodeId });
    if (role) qb.andWhere('c.role = :role', { role });
    if (state) qb.andWhere(`EXISTS (SELECT 1 FROM special_check_target t WHERE t.node_id = c.node_id AND t.check_id = c.check_id AND t.state = :state)`, { state });
    const rows = await pageQuery(qb, page, 'c.notified_at', 'c.check_id').getMany();
    return toPage(rows, page, (row) => ({ at: row.notifiedAt, id: row.checkId }), (row) => this.view(row));
  }

  async get(nodeId: string, checkId: string): Promise<SpecialCheckView> {
    const check = await this.dataSource.getRepository(SpecialCheck).findOne({ where: { nodeId, checkId } });
    if (!check) throw new SpecialCheckException(SpecialCheckErrorCode.NotFound, `node ${nodeId} has no special check ${checkId}`);
    return this.view(check);
  }

  async checked(nodeId: string, checkId: string): Promise<CheckedNodeStatus[]> {
    const [targets, steps] = await Promise.all([
      this.dataSource.getRepository(SpecialCheckTarget).find({ where: { nodeId, checkId }, order: { targetId: 'ASC' } }),
      this.dataSource.getRepository(SpecialCheckStepRecord).find({ where: { nodeId, checkId }, order: { at: 'ASC', stepId: 'ASC' } }),
    ]);
    return targets.map((target) => ({
      targetId: target.targetId,
      targetName: this.name(target.targetId),
      state: target.state,
      updatedAt: target.updatedAt,
      steps: steps.filter((step) => step.targetId === target.targetId).map(stepView),
    }));
  }

  private view(check: SpecialCheck): SpecialCheckView {
    const { checkId, ...rest } = check;
    return { ...rest, id: checkId, issuerName: this.name(check.issuerId) };
  }

  private name(nodeId: string): string {
    return this.registry.find(nodeId)?.name ?? nodeId;
  }
}

function stepView(row: SpecialCheckStepRecord): SpecialCheckStepView {
  const base = { id: row.stepId, kind: row.kind, byNodeId: row.byNode, at: row.at };
  const data = row.data;
  switch (data.kind) {
    case 'self_check_reported':
    case 'rectification_reported':
      return { ...base, report: data.report };
    case 'rectification_required':
      return { ...base, findings: data.findings, requirements: data.requirements, dueDate: new Date(data.dueDate) };
    case 'reviewed':
      return { ...base, verdict: data.verdict as ReviewVerdict, reasons: data.reasons || undefined };
  }
}
