/** Notices (通报) of common or tendency problems go down to each recipient; read receipts come back up. */

export interface NoticeIssuedPayload {
  noticeId: string;
  issuerId: string;
  title: string;
  body: string;
  category: 'common' | 'tendency';
  issuedAt: string;
}

export interface NoticeAcknowledgedPayload {
  noticeId: string;
  recipientId: string;
  readAt: string;
}
