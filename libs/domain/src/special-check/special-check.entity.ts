import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SpecialCheckStepBody } from '@app/federation';
import { SpecialCheckRole, SpecialCheckState, SpecialCheckStepKind } from './special-check.enums';

/** One node's copy of a special check (专项检查): the checker's, a checked node's, or a relaying level's. */
@Entity('special_check')
export class SpecialCheck {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'check_id', type: 'uuid' }) checkId: string;
  @Column({ type: 'varchar', length: 10 }) role: SpecialCheckRole;
  @Column({ name: 'issuer_id', type: 'varchar', length: 6 }) issuerId: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'varchar', length: 200 }) subject: string;
  @Column({ type: 'text' }) requirements: string;
  @Column({ name: 'due_date', type: 'timestamptz' }) dueDate: Date;
  @Column({ name: 'notified_at', type: 'timestamptz' }) notifiedAt: Date;
}

@Entity('special_check_target')
export class SpecialCheckTarget {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'check_id', type: 'uuid' }) checkId: string;
  @PrimaryColumn({ name: 'target_id', type: 'varchar', length: 6 }) targetId: string;
  @Column({ type: 'varchar', length: 24 }) state: SpecialCheckState;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('special_check_step')
export class SpecialCheckStepRecord {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'step_id', type: 'uuid' }) stepId: string;
  @Column({ name: 'check_id', type: 'uuid' }) checkId: string;
  @Column({ name: 'target_id', type: 'varchar', length: 6 }) targetId: string;
  @Column({ type: 'varchar', length: 24 }) kind: SpecialCheckStepKind;
  @Column({ name: 'by_node', type: 'varchar', length: 6 }) byNode: string;
  @Column({ type: 'jsonb' }) data: SpecialCheckStepBody;
  @Column({ type: 'timestamptz' }) at: Date;
}
