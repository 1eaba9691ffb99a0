import { ContentProof } from '@app/federation';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TargetScopePayload } from '@app/federation';
import { InspectionKind, LinkageType, RecipientPhase, RecipientState, TaskRole } from './linkage-task.enums';
import { TaskSummary } from './linkage-task.rollup';

/** One node's copy of a task: the issuer's, a recipient's or a relaying level's, with that node's roll-up. */
@Entity('linkage_task')
export class LinkageTaskRecord {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'task_id', type: 'uuid' }) taskId: string;
  @Column({ type: 'varchar', length: 10 }) role: TaskRole;
  @Column({ name: 'issuer_id', type: 'varchar', length: 6 }) issuerId: string;
  @Column({ name: 'parent_task_id', type: 'uuid', nullable: true }) parentTaskId: string | null;
  @Column({ name: 'root_task_id', type: 'uuid' }) rootTaskId: string;
  @Column({ type: 'varchar', length: 16 }) kind: InspectionKind;
  @Column({ name: 'linkage_type', type: 'varchar', length: 16 }) linkageType: LinkageType;
  @Column({ type: 'jsonb' }) scope: TargetScopePayload;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'text' }) requirements: string;
  @Column({ name: 'inherited_requirements', type: 'text', nullable: true }) inheritedRequirements: string | null;
  @Column({ name: 'focus_points', type: 'jsonb' }) focusPoints: string[];
  @Column({ name: 'start_at', type: 'timestamptz' }) startAt: Date;
  @Column({ type: 'timestamptz' }) deadline: Date;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
  @Column({ name: 'amended_at', type: 'timestamptz', nullable: true }) amendedAt: Date | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason: string | null;
  /** The issuer's signature over the cancel, as received. */
  @Column({ name: 'cancel_proof', type: 'jsonb', nullable: true }) cancelProof: ContentProof | null;
  /** Materialised roll-up of every recipient this node sees, updated as reports arrive. */
  @Column({ type: 'jsonb' }) summary: TaskSummary;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Every version of a task's content, as this node received it (recipients see the history). */
@Entity('linkage_task_version')
export class LinkageTaskVersion {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'task_id', type: 'uuid' }) taskId: string;
  @PrimaryColumn({ type: 'int' }) version: number;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'text' }) requirements: string;
  @Column({ name: 'focus_points', type: 'jsonb' }) focusPoints: string[];
  @Column({ name: 'start_at', type: 'timestamptz' }) startAt: Date;
  @Column({ type: 'timestamptz' }) deadline: Date;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** The issuer's signature over this version, as received (null for versions kept before signatures). */
  @Column({ type: 'jsonb', nullable: true }) proof: ContentProof | null;
}

/**
 * One recipient's status on a task as seen by one node: its own lifecycle (node = recipient) or
 * the last report that passed through or arrived (relays and the issuer).
 */
@Entity('linkage_task_unit')
export class LinkageTaskUnit {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'task_id', type: 'uuid' }) taskId: string;
  @PrimaryColumn({ name: 'recipient_id', type: 'varchar', length: 6 }) recipientId: string;
  /** The viewer's child on the way to the recipient (the viewer itself for its own unit). */
  @Column({ name: 'via_child', type: 'varchar', length: 6 }) viaChild: string;
  @Column({ type: 'varchar', length: 16 }) phase: RecipientPhase;
  @Column({ type: 'boolean' }) overdue: boolean;
  /** stateOf(phase, overdue), stored for filters and the deadline index. */
  @Column({ type: 'varchar', length: 16 }) state: RecipientState;
  @Column({ type: 'int' }) percent: number;
  @Column({ type: 'int' }) rev: number;
  /** The last rev this node sent up to its parent (units at the issuer are never sent). */
  @Column({ name: 'sent_rev', type: 'int' }) sentRev: number;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'text', nullable: true }) report: string | null;
  @Column({ type: 'jsonb', nullable: true }) subtree: TaskSummary | null;
  @Column({ type: 'timestamptz' }) deadline: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  /** When the recipient made the report this unit holds (null until it reports). */
  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true }) reportedAt: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** The roll-up of one child's subtree on a task, as seen by its parent: per-child status. */
@Entity('linkage_task_child')
export class LinkageTaskChild {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'task_id', type: 'uuid' }) taskId: string;
  @PrimaryColumn({ name: 'child_id', type: 'varchar', length: 6 }) childId: string;
  /** The child's own state when the child is itself a recipient. */
  @Column({ name: 'child_state', type: 'varchar', length: 16, nullable: true }) childState: RecipientState | null;
  @Column({ type: 'jsonb' }) summary: TaskSummary;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
