import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page, PageInput, pageQuery, toPage } from '../common/pagination';
import { LinkageTaskFilterInput } from './dto/linkage-task-filter.input';
import { LinkageTaskChild, LinkageTaskRecord, LinkageTaskUnit, LinkageTaskVersion } from './linkage-task.entity';
import { RecipientState, TaskRole } from './linkage-task.enums';
import { LinkageTaskErrorCode, LinkageTaskException } from './linkage-task.exception';

/** Reads over one node's own book of tasks. */
@Injectable()
export class LinkageTaskQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(nodeId: string, filter: LinkageTaskFilterInput = {}, page: PageInput): Promise<Page<LinkageTaskRecord>> {
    const qb = this.dataSource.getRepository(LinkageTaskRecord).createQueryBuilder('t').where('t.node_id = :nodeId', { nodeId });
    if (filter.role) qb.andWhere('t.role = :role', { role: filter.role });
    if (filter.kind) qb.andWhere('t.kind = :kind', { kind: filter.kind });
    if (filter.linkageType) qb.andWhere('t.linkage_type = :linkageType', { linkageType: filter.linkageType });
    if (filter.rootTaskId) qb.andWhere('t.root_task_id = :rootTaskId', { rootTaskId: filter.rootTaskId });
    if (filter.cancelled !== undefined && filter.cancelled !== null) qb.andWhere(filter.cancelled ? 't.cancelled_at IS NOT NULL' : 't.cancelled_at IS NULL');
    if (filter.search) qb.andWhere(`t.title ILIKE :search`, { search: `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (filter.state) {
      qb.andWhere(`EXISTS (SELECT 1 FROM linkage_task_unit u WHERE u.node_id = t.node_id AND u.task_id = t.task_id AND u.recipient_id = t.node_id AND u.state = :state)`, {
        state: filter.state,
      });
    }
    const rows = await pageQuery(qb, page, 't.issued_at', 't.task_id').getMany();
    return toPage(rows, page, (row) => ({ at: row.issuedAt, id: row.taskId }), (row) => row);
  }

  async get(nodeId: string, taskId: string): Promise<LinkageTaskRecord> {
    const record = await this.dataSource.getRepository(LinkageTaskRecord).findOne({ where: { nodeId, taskId } });
    if (!record) throw new LinkageTaskException(LinkageTaskErrorCode.NotFound, `node ${nodeId} has no task ${taskId}`);
    return record;
  }

  versions(nodeId: string, taskId: string): Promise<LinkageTaskVersion[]> {
    return this.dataSource.getRepository(LinkageTaskVersion).find({ where: { nodeId, taskId }, order: { version: 'ASC' } });
  }

  recipients(nodeId: string, taskId: string, state?: RecipientState | null): Promise<LinkageTaskUnit[]> {
    return this.dataSource.getRepository(LinkageTaskUnit).find({ where: { nodeId, taskId, ...(state ? { state } : {}) }, order: { recipientId: 'ASC' } });
  }

  own(nodeId: string, taskId: string): Promise<LinkageTaskUnit | null> {
    return this.dataSource.getRepository(LinkageTaskUnit).findOne({ where: { nodeId, taskId, recipientId: nodeId } });
  }

  children(nodeId: string, taskId: string): Promise<LinkageTaskChild[]> {
    return this.dataSource.getRepository(LinkageTaskChild).find({ where: { nodeId, taskId }, order: { childId: 'ASC' } });
  }

  assignments(nodeId: string, taskId: string): Promise<LinkageTaskRecord[]> {
    return this.dataSource.getRepository(LinkageTaskRecord).find({ where: { nodeId, parentTaskId: taskId, role: TaskRole.Issuer }, order: { issuedAt: 'ASC' } });
  }
}
