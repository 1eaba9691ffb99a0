import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DeadlineKind, DeadlineStatus } from './deadline.enums';

/**
 * One obligation as seen by one node: the owner's own row (authoritative, swept for lateness) or a
 * copy kept by an ancestor for its subtree (`nodeId` ≠ `ownerNodeId`).
 */
@Entity('tracked_deadline')
export class TrackedDeadline {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'owner_node_id', type: 'varchar', length: 6 }) ownerNodeId: string;
  @Column({ type: 'varchar', length: 40 }) kind: DeadlineKind;
  @Column({ name: 'record_id', type: 'uuid' }) recordId: string;
  @Column({ name: 'subject_id', type: 'uuid' }) subjectId: string;
  @Column('text') title: string;
  @Column({ name: 'due_on', type: 'date' }) dueOn: string;
  /** Midnight after `dueOn` in Asia/Shanghai: from this instant the obligation is late. */
  @Column({ name: 'overdue_from', type: 'timestamptz' }) overdueFrom: Date;
  @Column({ type: 'varchar', length: 16 }) status: DeadlineStatus;
  @Column('int') revision: number;
  /** The level that supervises it when that is not the owner's parent (提级巡视), or the owner itself (an organisation without a node). */
  @Column({ name: 'supervising_node_id', type: 'varchar', length: 6, nullable: true }) supervisingNodeId: string | null;
  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true }) overdueAt: Date | null;
  @Column({ name: 'met_at', type: 'timestamptz', nullable: true }) metAt: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
