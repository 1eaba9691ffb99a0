import { Injectable } from '@nestjs/common';
import { FederationTransactions, MessageType, NoticeAcknowledgedPayload, NoticeIssuedPayload, Registry } from '@app/federation';
import { EntityManager, IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DownwardKind, StatusEvents } from '../common/status-events';
import { fanOutOrder, resolveTargets } from '../common/target-scope';
import { AcknowledgeNoticeInput, IssueNoticeInput } from './dto/notice.input';
import { Notice, NoticeRecipient } from './notice.entity';
import { NoticeCategory, NoticeRole } from './notice.enums';
import { NoticeErrorCode, NoticeException } from './notice.exception';

/** Notices go down to every recipient, each level on the way recording them; read receipts come back up the same way. */
@Injectable()
export class NoticeService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly registry: Registry,
    private readonly events: StatusEvents,
  ) {}

  async issue(input: IssueNoticeInput): Promise<Notice> {
    const targets = resolveTargets(this.registry, input.nodeId, input.scope);
    const issued: NoticeIssuedPayload = {
      noticeId: uuidv7(),
      issuerId: input.nodeId,
      title: input.title.trim(),
      body: input.body.trim(),
      category: input.category,
      issuedAt: new Date().toISOString(),
    };
    return this.transactions.run(async (tx) => {
      const notice = await this.record(tx.manager, input.nodeId, issued, NoticeRole.Issuer);
      for (const target of fanOutOrder(this.registry, input.nodeId, targets)) {
        await this.addRecipient(tx.manager, notice, target);
        tx.emit({ type: MessageType.NoticeIssued, from: input.nodeId, destination: target, correlationId: notice.noticeId, payload: issued });
      }
      return notice;
    });
  }

  /** Reading twice is reading once: the receipt goes up the first time only. */
  async acknowledge(input: AcknowledgeNoticeInput): Promise<Notice> {
    return this.transactions.run(async (tx) => {
      const notice = await tx.manager.findOne(Notice, { where: { nodeId: input.nodeId, noticeId: input.noticeId } });
      if (!notice) throw new NoticeException(NoticeErrorCode.NotFound, `node ${input.nodeId} has no notice ${input.noticeId}`);
      if (notice.role !== NoticeRole.Recipient) throw new NoticeException(NoticeErrorCode.NotRecipient, `node ${input.nodeId} is not a recipient of notice ${input.noticeId}`);
      const receipt: NoticeAcknowledgedPayload = { noticeId: notice.noticeId, recipientId: input.nodeId, readAt: new Date().toISOString() };
      if (await this.markRead(tx.manager, input.nodeId, receipt)) {
        tx.emit({ type: MessageType.NoticeAcknowledged, from: input.nodeId, destination: notice.issuerId, correlationId: notice.noticeId, payload: receipt });
      }
      return notice;
    });
  }

  async record(manager: EntityManager, nodeId: string, issued: NoticeIssuedPayload, role: NoticeRole): Promise<Notice> {
    const existing = await manager.findOne(Notice, { where: { nodeId, noticeId: issued.noticeId } });
    if (existing) {
      if (existing.role === NoticeRole.Relay && role === NoticeRole.Recipient) await manager.update(Notice, { nodeId, noticeId: existing.noticeId }, { role });
      return existing;
    }
    const notice = manager.create(Notice, {
      nodeId,
      noticeId: issued.noticeId,
      role,
      issuerId: issued.issuerId,
      title: issued.title,
      body: issued.body,
      category: issued.category as NoticeCategory,
      issuedAt: new Date(issued.issuedAt),
    });
    await manager.insert(Notice, notice);
    return notice;
  }

  async addRecipient(manager: EntityManager, notice: Notice, recipientId: string): Promise<void> {
    await manager.createQueryBuilder().insert().into(NoticeRecipient).values({ nodeId: notice.nodeId, noticeId: notice.noticeId, recipientId, readAt: null }).orIgnore().execute();
    this.events.queue(manager, { nodeId: notice.nodeId, kind: DownwardKind.Notice, subjectId: notice.noticeId, targetId: recipientId, state: 'delivered' });
  }

  /** Records a read receipt at one node; false when it was already recorded. */
  async markRead(manager: EntityManager, nodeId: string, receipt: NoticeAcknowledgedPayload): Promise<boolean> {
    const result = await manager.update(
      NoticeRecipient,
      { nodeId, noticeId: receipt.noticeId, recipientId: receipt.recipientId, readAt: IsNull() },
      { readAt: new Date(receipt.readAt) },
    );
    if (!result.affected) return false;
    this.events.queue(manager, { nodeId, kind: DownwardKind.Notice, subjectId: receipt.noticeId, targetId: receipt.recipientId, state: 'read' });
    return true;
  }
}
