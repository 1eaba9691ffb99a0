import { registerEnumType } from '@nestjs/graphql';

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

registerEnumType(NoticeCategory, { name: 'NoticeCategory', description: 'common 普遍性问题 · tendency 倾向性问题' });
registerEnumType(NoticeRole, { name: 'NoticeRole' });
