import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CadreLevel, OrganisationKind } from './organisation.enums';

/**
 * An organisation of the register (被巡视巡察党组织) as one node holds it: its own (the node inspects
 * it, `inspectorNodeId = nodeId`) or a copy of one inspected below it, reported up by its inspector.
 */
@Entity('organisation')
export class Organisation {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  /** An external key (e.g. 统一社会信用代码) that imports match on; the name otherwise. */
  @Column({ type: 'varchar', length: 64, nullable: true }) code: string | null;
  @Column({ type: 'varchar', length: 32 }) kind: OrganisationKind;
  @Column({ name: 'inspector_node_id', type: 'varchar', length: 6 }) inspectorNodeId: string;
  @Column({ name: 'region_node_id', type: 'varchar', length: 6, nullable: true }) regionNodeId: string | null;
  @Column({ name: 'cadre_level', type: 'varchar', length: 16, nullable: true }) cadreLevel: CadreLevel | null;
  @Column({ name: 'active_from', type: 'date' }) activeFrom: string;
  @Column({ name: 'active_to', type: 'date', nullable: true }) activeTo: string | null;
  @Column({ name: 'successor_id', type: 'uuid', nullable: true }) successorId: string | null;
  @Column('int') revision: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Where an organisation's rectification is served: its own region's node, else the node that inspects it. */
export function homeNodeOf(org: Pick<Organisation, 'regionNodeId' | 'inspectorNodeId'>): string {
  return org.regionNodeId ?? org.inspectorNodeId;
}

/** Active on `date` (YYYY-MM-DD): begun, and not yet ended by dissolution or merger. */
export function isActiveOn(org: Pick<Organisation, 'activeFrom' | 'activeTo'>, date: string): boolean {
  return org.activeFrom <= date && (org.activeTo === null || org.activeTo >= date);
}
