import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DownwardKind } from '../common/status-events';
import { DispatchRole } from './dispatch-flow';
import { StepBody } from './dispatch-rules';

/**
 * One node's copy of something dispatched down to targets — a supervision team, a special check, a
 * notice: the issuer's, a target's, or a relaying level's.
 */
@Entity('dispatch')
export class Dispatch {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'varchar', length: 24 }) flow: DownwardKind;
  @Column({ type: 'varchar', length: 8 }) role: DispatchRole;
  @Column({ name: 'issuer_id', type: 'varchar', length: 6 }) issuerId: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  /** The flow's own fields, as its message carries them. */
  @Column({ type: 'jsonb' }) content: unknown;
  @Column({ name: 'dispatched_at', type: 'timestamptz' }) dispatchedAt: Date;
}

/**
 * One target's exchange as one node sees it. A target is a node today; the id is wide enough for
 * targets that are not (an organisation of the same level).
 */
@Entity('dispatch_target')
export class DispatchTarget {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'dispatch_id', type: 'uuid' }) dispatchId: string;
  @PrimaryColumn({ name: 'target_id', type: 'varchar', length: 64 }) targetId: string;
  @Column({ type: 'varchar', length: 32 }) state: string;
  /** When the last step reached its state (a notice's read time, at every level). */
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Every step of an exchange, kept as history at each level that sees it. */
@Entity('dispatch_step')
export class DispatchStep {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'step_id', type: 'uuid' }) stepId: string;
  @Column({ name: 'dispatch_id', type: 'uuid' }) dispatchId: string;
  @Column({ name: 'target_id', type: 'varchar', length: 64 }) targetId: string;
  @Column({ type: 'varchar', length: 32 }) kind: string;
  @Column({ name: 'by_node', type: 'varchar', length: 6 }) byNode: string;
  @Column({ type: 'jsonb' }) data: StepBody;
  @Column({ type: 'timestamptz' }) at: Date;
}
