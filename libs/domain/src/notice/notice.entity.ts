import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NoticeCategory, NoticeRole } from './notice.enums';

/** One node's copy of a notice (通报): the issuer's, a recipient's, or a relaying level's. */
@Entity('notice')
export class Notice {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'notice_id', type: 'uuid' }) noticeId: string;
  @Column({ type: 'varchar', length: 10 }) role: NoticeRole;
  @Column({ name: 'issuer_id', type: 'varchar', length: 6 }) issuerId: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 10 }) category: NoticeCategory;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
}

/** Whether a recipient has read the notice, as one node knows it. */
@Entity('notice_recipient')
export class NoticeRecipient {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'notice_id', type: 'uuid' }) noticeId: string;
  @PrimaryColumn({ name: 'recipient_id', type: 'varchar', length: 6 }) recipientId: string;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
}
