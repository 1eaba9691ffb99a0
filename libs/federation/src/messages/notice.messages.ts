import { z } from 'zod';
import { defineMessage, instant, nodeId, PayloadOf, text, title, uuid } from './contract';

/** Notices (通报) of common or tendency problems go down to each recipient; read receipts come back up. */

export const NoticeIssued = defineMessage('notice.issued', {
  version: 1,
  direction: 'down',
  payload: z.object({
    noticeId: uuid,
    issuerId: nodeId,
    title,
    body: text(60_000),
    category: z.enum(['common', 'tendency']),
    issuedAt: instant,
  }),
});

export const NoticeAcknowledged = defineMessage('notice.acknowledged', {
  version: 1,
  direction: 'up',
  payload: z.object({ noticeId: uuid, recipientId: nodeId, readAt: instant }),
});

export type NoticeIssuedPayload = PayloadOf<typeof NoticeIssued>;
export type NoticeAcknowledgedPayload = PayloadOf<typeof NoticeAcknowledged>;
