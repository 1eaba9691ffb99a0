import { Injectable } from '@nestjs/common';
import { Registry } from '@app/federation';
import { DataSource, IsNull } from 'typeorm';
import { Page, PageInput, pageQuery, toPage } from '../common/pagination';
import { Notice, NoticeRecipient } from './notice.entity';
import { NoticeRole } from './notice.enums';
import { NoticeErrorCode, NoticeException } from './notice.exception';
import { NoticeReceipt, NoticeView } from './notice.types';

/** Reads over one node's notices, with read counts materialised from its own receipts. */
@Injectable()
export class NoticeQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: Registry,
  ) {}

  async list(nodeId: string, role: NoticeRole | undefined, unreadOnly: boolean, page: PageInput): Promise<Page<NoticeView>> {
    const qb = this.dataSource.getRepository(Notice).createQueryBuilder('n').where('n.node_id = :nodeId', { nodeId });
    if (role) qb.andWhere('n.role = :role', { role });
    if (unreadOnly) qb.andWhere(`EXISTS (SELECT 1 FROM notice_recipient r WHERE r.node_id = n.node_id AND r.notice_id = n.notice_id AND r.recipient_id = n.node_id AND r.read_at IS NULL)`);
    const rows = await pageQuery(qb, page, 'n.issued_at', 'n.notice_id').getMany();
    const found = toPage(rows, page, (row) => ({ at: row.issuedAt, id: row.noticeId }), (row) => row);
    return { items: await Promise.all(found.items.map((row) => this.view(row))), nextCursor: found.nextCursor };
  }

  async get(nodeId: string, noticeId: string): Promise<NoticeView> {
    const notice = await this.dataSource.getRepository(Notice).findOne({ where: { nodeId, noticeId } });
    if (!notice) throw new NoticeException(NoticeErrorCode.NotFound, `node ${nodeId} has no notice ${noticeId}`);
    return this.view(notice);
  }

  async receipts(nodeId: string, noticeId: string, unreadOnly: boolean): Promise<NoticeReceipt[]> {
    const rows = await this.dataSource.getRepository(NoticeRecipient).find({
      where: { nodeId, noticeId, ...(unreadOnly ? { readAt: IsNull() } : {}) },
      order: { recipientId: 'ASC' },
    });
    return rows.map((row) => ({ recipientId: row.recipientId, recipientName: this.name(row.recipientId), readAt: row.readAt ?? undefined }));
  }

  private async view(notice: Notice): Promise<NoticeView> {
    const [counts] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(read_at)::int AS read, max(read_at) FILTER (WHERE recipient_id = $1) AS own
       FROM notice_recipient WHERE node_id = $1 AND notice_id = $2`,
      [notice.nodeId, notice.noticeId],
    );
    const { noticeId, ...rest } = notice;
    return { ...rest, id: noticeId, issuerName: this.name(notice.issuerId), recipientCount: counts.total, readCount: counts.read, readAt: counts.own ?? undefined };
  }

  private name(nodeId: string): string {
    return this.registry.find(nodeId)?.name ?? nodeId;
  }
}
