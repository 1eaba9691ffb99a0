import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 届: a term of the node's party committee, within which every organisation of its register is to be inspected. */
@Entity('inspection_term')
export class InspectionTerm {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) label: string;
  @Column({ name: 'starts_on', type: 'date' }) startsOn: string;
  @Column({ name: 'ends_on', type: 'date' }) endsOn: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
