import { registerLabelledEnum } from '@app/federation';

/** 普遍性问题 / 倾向性问题 */
export enum NoticeCategory {
  Common = 'common',
  Tendency = 'tendency',
}

export enum NoticeRole {
  Issuer = 'issuer',
  Recipient = 'recipient',
  Relay = 'relay',
}

/** Where one recipient stands; not an enum of the API (live status events carry it as text). */
export enum NoticeReadState {
  Delivered = 'delivered',
  Read = 'read',
}

registerLabelledEnum(NoticeCategory, { name: 'NoticeCategory', description: 'common 普遍性问题 · tendency 倾向性问题', labels: { common: '普遍性问题', tendency: '倾向性问题' } });
registerLabelledEnum(NoticeRole, { name: 'NoticeRole', labels: { issuer: '通报方', recipient: '接收方', relay: '中间层级' } });
