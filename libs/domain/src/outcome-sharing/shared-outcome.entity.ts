import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OutcomeKind, ProblemCategory } from './outcome.enums';

export interface ProblemTally {
  category: ProblemCategory;
  count: number;
}

/** An outcome shared by `originNodeId`, kept by it and by every level above it. */
@Entity('shared_outcome')
export class SharedOutcome {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'origin_node_id', type: 'varchar', length: 6 }) originNodeId: string;
  @Column({ type: 'varchar', length: 32 }) kind: OutcomeKind;
  @Column('text') title: string;
  @Column('text') summary: string;
  @Column('jsonb') problems: ProblemTally[];
  @Column({ name: 'shared_at', type: 'timestamptz' }) sharedAt: Date;
}
