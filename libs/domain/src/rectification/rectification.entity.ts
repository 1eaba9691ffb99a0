import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RectificationStatus } from './rectification.enums';

/**
 * One rectification of an inspected organisation, as kept by the supervising level (the level that
 * sent the inspection team) and by the node where the organisation is served (its own region's
 * node, else the node that inspects it). When that is the supervising node itself (an organisation
 * without a node of its own), one row is both sides. The deadline columns are the seed's rules
 * applied to `feedbackReceivedOn`.
 */
@Entity('rectification')
export class Rectification {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'supervising_node_id', type: 'varchar', length: 6 }) supervisingNodeId: string;
  @Column({ name: 'inspected_node_id', type: 'varchar', length: 6 }) inspectedNodeId: string;
  /** 被巡视党组织 */
  @Column('text') organisation: string;
  /** The organisation of the register; null for feedback recorded against a child node alone. */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId: string | null;
  /** The organisation's own region node when it has one: that node's office acts for it. */
  @Column({ name: 'organisation_node_id', type: 'varchar', length: 6, nullable: true }) organisationNodeId: string | null;
  @Column({ name: 'round_id', type: 'uuid', nullable: true }) roundId: string | null;
  @Column({ name: 'feedback_summary', type: 'text' }) feedbackSummary: string;
  @Column({ name: 'feedback_received_on', type: 'date' }) feedbackReceivedOn: string;
  @Column({ name: 'concentrated_ends_on', type: 'date' }) concentratedEndsOn: string;
  @Column({ name: 'progress_report_due_on', type: 'date' }) progressReportDueOn: string;
  @Column({ name: 'supervision_reports_due_on', type: 'date' }) supervisionReportsDueOn: string;
  @Column({ type: 'varchar', length: 32 }) status: RectificationStatus;
  @Column({ name: 'democratic_life_meeting_on', type: 'date', nullable: true }) democraticLifeMeetingOn: string | null;
  @Column({ name: 'progress_reported_at', type: 'timestamptz', nullable: true }) progressReportedAt: Date | null;
  @Column({ name: 'review_overall', type: 'text', nullable: true }) reviewOverall: string | null;
  @Column({ name: 'review_issued_at', type: 'timestamptz', nullable: true }) reviewIssuedAt: Date | null;
  @Column({ name: 'review_received_on', type: 'date', nullable: true }) reviewReceivedOn: string | null;
  @Column({ name: 'publication_due_on', type: 'date', nullable: true }) publicationDueOn: string | null;
  @Column({ name: 'internal_notice_on', type: 'date', nullable: true }) internalNoticeOn: string | null;
  @Column({ name: 'public_disclosure_on', type: 'date', nullable: true }) publicDisclosureOn: string | null;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
