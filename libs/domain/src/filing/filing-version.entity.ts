import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum FilingDecision {
  Accepted = 'accepted',
  Returned = 'returned',
}

/** A submitted version and the reviewer's decision on it, kept by the filer and the reviewer only. */
@Entity('filing_version')
export class FilingVersion {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'filing_id', type: 'uuid' }) filingId: string;
  @PrimaryColumn('int') version: number;
  @Column('text') content: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ type: 'varchar', length: 16, nullable: true }) decision: FilingDecision | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  /** The return's reasons, or the acceptance note. */
  @Column({ type: 'text', nullable: true }) remarks: string | null;
}
