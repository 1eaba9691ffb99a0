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
