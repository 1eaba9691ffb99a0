import { RectificationItemSnapshot } from '@app/federation';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RectificationReportKind, ReviewOffice } from './rectification.enums';

/** A report on a rectification: the progress and follow-up reports, and the supervision reports. */
@Entity('rectification_report')
export class RectificationReport {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'rectification_id', type: 'uuid' }) rectificationId: string;
  @Column({ type: 'varchar', length: 32 }) kind: RectificationReportKind;
  @Column('text') summary: string;
  @Column({ type: 'jsonb', default: () => `'[]'` }) items: RectificationItemSnapshot[];
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
}

/** One office's part of the review opinion (纪检监察机关牵头，综合组织部门、巡视办意见). */
@Entity('rectification_review_opinion')
export class RectificationReviewOpinion {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'rectification_id', type: 'uuid' }) rectificationId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) office: ReviewOffice;
  @Column('text') opinion: string;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
