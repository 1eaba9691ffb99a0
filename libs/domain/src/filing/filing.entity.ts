import { Column, Entity, PrimaryColumn } from 'typeorm';
import { FilingKind, FilingStatus } from './filing.enums';

/**
 * One link of an approval chain (a child's filing with its parent) as one node sees it: the filer's
 * copy, the reviewer's copy, or a content-free copy kept by an ancestor of the reviewer.
 */
@Entity('filing')
export class Filing {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'chain_id', type: 'uuid' }) chainId: string;
  @Column({ name: 'parent_filing_id', type: 'uuid', nullable: true }) parentFilingId: string | null;
  @Column({ name: 'filer_node_id', type: 'varchar', length: 6 }) filerNodeId: string;
  @Column({ name: 'reviewer_node_id', type: 'varchar', length: 6 }) reviewerNodeId: string;
  @Column({ type: 'varchar', length: 32 }) kind: FilingKind;
  @Column('text') title: string;
  @Column({ name: 'due_on', type: 'date' }) dueOn: string;
  @Column('boolean') consolidated: boolean;
  @Column({ type: 'varchar', length: 16 }) status: FilingStatus;
  /** The latest version submitted; 0 before the first. */
  @Column('int') version: number;
  /** Changes seen by the reviewer, so that ancestors' copies apply them in order. */
  @Column('int') revision: number;
  @Column({ name: 'first_submitted_at', type: 'timestamptz', nullable: true }) firstSubmittedAt: Date | null;
  @Column({ name: 'requested_at', type: 'timestamptz' }) requestedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'return_reasons', type: 'text', nullable: true }) returnReasons: string | null;
  @Column({ name: 'returned_by', type: 'varchar', length: 6, nullable: true }) returnedBy: string | null;
  @Column({ name: 'must_act_node_id', type: 'varchar', length: 6, nullable: true }) mustActNodeId: string | null;
}

export enum FilingCopy {
  Filer = 'filer',
  Reviewer = 'reviewer',
  Observer = 'observer',
}

export function copyOf(filing: Filing): FilingCopy {
  if (filing.nodeId === filing.filerNodeId) return FilingCopy.Filer;
  if (filing.nodeId === filing.reviewerNodeId) return FilingCopy.Reviewer;
  return FilingCopy.Observer;
}
