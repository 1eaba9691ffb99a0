import { MessageType, NoticeIssuedPayload } from '@app/federation';
import { v5 as uuidv5 } from 'uuid';
import { DownwardKind } from '../common/status-events';
import { DispatchFlow, DispatchRefusal } from '../dispatch/dispatch-flow';
import { NoticeReadState as S } from './notice.enums';
import { NoticeErrorCode, NoticeException } from './notice.exception';

/** What only a notice has, kept with each level's copy. */
export type NoticeContent = Pick<NoticeIssuedPayload, 'body' | 'category'>;

/** A recipient's one step: it has read the notice. */
export interface NoticeStepBody {
  kind: 'read';
}

const REFUSALS: { readonly [R in DispatchRefusal]: NoticeErrorCode } = {
  [DispatchRefusal.NotFound]: NoticeErrorCode.NotFound,
  [DispatchRefusal.NotIssuer]: NoticeErrorCode.NotIssuer,
  [DispatchRefusal.NotTarget]: NoticeErrorCode.NotRecipient,
  [DispatchRefusal.IllegalStep]: NoticeErrorCode.IllegalStep,
};

/** Names a recipient's read receipt the same way at every level (the receipt carries no id of its own). */
const RECEIPT_NAMESPACE = '6f1c2d4e-8a3b-4c5d-9e0f-1a2b3c4d5e6f';

/**
 * Notices (通报) of common or tendency problems go down to each recipient; a recipient acknowledges
 * reading once (reading twice is reading once: the receipt goes up the first time only).
 */
export const NOTICE: DispatchFlow<typeof MessageType.NoticeIssued, typeof MessageType.NoticeAcknowledged, S, NoticeStepBody, NoticeContent> = {
  kind: DownwardKind.Notice,
  messages: { dispatched: MessageType.NoticeIssued, step: MessageType.NoticeAcknowledged },
  rules: {
    initial: S.Delivered,
    steps: { read: { actor: 'target', from: [S.Delivered], to: S.Read, idempotent: true } },
  },
  readDispatched: ({ noticeId, issuerId, title, issuedAt, ...content }) => ({ id: noticeId, issuerId, title, content, dispatchedAt: issuedAt }),
  writeDispatched: ({ id, issuerId, title, content, dispatchedAt }) => ({ noticeId: id, issuerId, title, ...content, issuedAt: dispatchedAt }),
  readStep: ({ noticeId, recipientId, readAt }) => ({
    dispatchId: noticeId,
    targetId: recipientId,
    stepId: uuidv5(`${noticeId}/${recipientId}`, RECEIPT_NAMESPACE),
    body: { kind: 'read' },
    at: readAt,
  }),
  writeStep: ({ dispatchId, targetId, at }) => ({ noticeId: dispatchId, recipientId: targetId, readAt: at }),
  refuse: (why, message, details) => new NoticeException(REFUSALS[why], message, details),
};
