import { DispatchRole } from '../dispatch/dispatch-flow';
import { DispatchRecord, TargetRecord, TargetTally } from '../dispatch/dispatch.queries';
import { NoticeCategory, NoticeReadState, NoticeRole } from './notice.enums';
import { NoticeContent } from './notice.flow';
import { NoticeReceipt, NoticeView } from './notice.types';

export const NOTICE_ROLES: { readonly [R in DispatchRole]: NoticeRole } = {
  issuer: NoticeRole.Issuer,
  target: NoticeRole.Recipient,
  relay: NoticeRole.Relay,
};

/** A recipient's exchange ends at its read receipt, whose time every level keeps as the state's time. */
const readAt = (at: { state: string; updatedAt: Date } | null): Date | undefined => (at?.state === NoticeReadState.Read ? at.updatedAt : undefined);

export function noticeView(record: DispatchRecord, tally: TargetTally): NoticeView {
  const content = record.content as NoticeContent;
  return {
    ...record,
    ...content,
    role: NOTICE_ROLES[record.role],
    category: content.category as NoticeCategory,
    issuedAt: record.dispatchedAt,
    recipientCount: tally.total,
    readCount: tally.byState[NoticeReadState.Read] ?? 0,
    readAt: readAt(tally.own),
  };
}

export function receiptView(target: TargetRecord): NoticeReceipt {
  return { recipientId: target.targetId, recipientName: target.targetName, readAt: readAt(target) };
}
