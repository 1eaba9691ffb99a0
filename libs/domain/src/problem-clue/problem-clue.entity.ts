import { Tier } from '@app/federation';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ClueStatus } from './clue.enums';

/**
 * A clue as one node sees it, never with its content: the origin's record, the holder's, or the
 * status copy an ancestor keeps for its counts.
 */
@Entity('problem_clue')
export class ProblemClue {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  /** A non-confidential file number to talk about the clue without naming anyone. */
  @Column('text') reference: string;
  @Column({ name: 'origin_node_id', type: 'varchar', length: 6 }) originNodeId: string;
  /** The node whose discipline organ holds the clue (the origin until it is transferred upward). */
  @Column({ name: 'holder_node_id', type: 'varchar', length: 6 }) holderNodeId: string;
  @Column({ name: 'managed_by', type: 'varchar', length: 16 }) managedBy: Tier;
  @Column({ type: 'varchar', length: 32 }) status: ClueStatus;
  @Column('int') revision: number;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column({ name: 'status_changed_at', type: 'timestamptz' }) statusChangedAt: Date;
}

/** Confidential: kept only at the holding node, read only by its discipline organ. */
@Entity('problem_clue_content')
export class ProblemClueContent {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'clue_id', type: 'uuid' }) clueId: string;
  @Column({ name: 'cadre_name', type: 'text' }) cadreName: string;
  @Column({ name: 'cadre_position', type: 'text' }) cadrePosition: string;
  @Column('text') allegation: string;
  @Column('text') source: string;
}
