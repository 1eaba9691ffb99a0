import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TaskStatus } from './rectification.enums';

/** 问题清单: a problem named in the feedback. Kept by the inspected node. */
@Entity('rectification_problem')
export class RectificationProblem {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'rectification_id', type: 'uuid' }) rectificationId: string;
  @Column('text') description: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** 任务清单 and 责任清单: a measure against a problem, who answers for it, and by when. */
@Entity('rectification_task')
export class RectificationTask {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'rectification_id', type: 'uuid' }) rectificationId: string;
  @Column({ name: 'problem_id', type: 'uuid' }) problemId: string;
  @Column('text') measure: string;
  @Column('text') responsible: string;
  /** Inside the concentrated period; none for a long-term task, whose stages carry the dates. */
  @Column({ name: 'due_on', type: 'date', nullable: true }) dueOn: string | null;
  @Column({ name: 'long_term', type: 'boolean' }) longTerm: boolean;
  @Column({ type: 'varchar', length: 16 }) status: TaskStatus;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt: Date | null;
  @Column({ name: 'completion_note', type: 'text', nullable: true }) completionNote: string | null;
}

/** A staged goal of a long-term task (分阶段明确目标). */
@Entity('rectification_stage')
export class RectificationStage {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @Column({ name: 'rectification_id', type: 'uuid' }) rectificationId: string;
  @Column('text') goal: string;
  @Column({ name: 'due_on', type: 'date' }) dueOn: string;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt: Date | null;
}

/**
 * 回头看: a task found not truly done and opened again with a new due date. The task's earlier state
 * is kept here, so both the old and the new state stay visible.
 */
@Entity('rectification_reopening')
export class RectificationReopening {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'rectification_id', type: 'uuid' }) rectificationId: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @Column({ name: 'round_id', type: 'uuid' }) roundId: string;
  @Column('text') reason: string;
  @Column({ name: 'previous_status', type: 'varchar', length: 16 }) previousStatus: TaskStatus;
  @Column({ name: 'previous_due_on', type: 'date', nullable: true }) previousDueOn: string | null;
  @Column({ name: 'previous_done_at', type: 'timestamptz', nullable: true }) previousDoneAt: Date | null;
  @Column({ name: 'previous_note', type: 'text', nullable: true }) previousNote: string | null;
  @Column({ name: 'due_on', type: 'date' }) dueOn: string;
  @Column({ name: 'reopened_at', type: 'timestamptz' }) reopenedAt: Date;
}
