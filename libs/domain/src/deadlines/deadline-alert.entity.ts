import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DeadlineKind } from './deadline.enums';

/** An overdue obligation of a child, as received by the parent that supervises it. */
@Entity('deadline_alert')
export class DeadlineAlert {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'deadline_id', type: 'uuid' }) deadlineId: string;
  @Column({ name: 'owner_node_id', type: 'varchar', length: 6 }) ownerNodeId: string;
  @Column({ type: 'varchar', length: 40 }) kind: DeadlineKind;
  @Column({ name: 'record_id', type: 'uuid' }) recordId: string;
  @Column({ name: 'subject_id', type: 'uuid' }) subjectId: string;
  @Column('text') title: string;
  @Column({ name: 'due_on', type: 'date' }) dueOn: string;
  /** When the owner's sweep found it late. */
  @Column({ name: 'overdue_at', type: 'timestamptz' }) overdueAt: Date;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
}
