import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SupervisionTeamMember, SupervisionTeamStepBody } from '@app/federation';
import { SupervisionRole, SupervisionState, SupervisionStepKind } from './supervision-team.enums';

/** One node's copy of a guidance and supervision team (指导督导组): the dispatcher's, a visited node's, or a relaying level's. */
@Entity('supervision_team')
export class SupervisionTeam {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'team_id', type: 'uuid' }) teamId: string;
  @Column({ type: 'varchar', length: 10 }) role: SupervisionRole;
  @Column({ name: 'issuer_id', type: 'varchar', length: 6 }) issuerId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'text' }) purpose: string;
  @Column({ type: 'jsonb' }) members: SupervisionTeamMember[];
  @Column({ name: 'visit_start', type: 'timestamptz' }) visitStart: Date;
  @Column({ name: 'visit_end', type: 'timestamptz' }) visitEnd: Date;
  @Column({ name: 'dispatched_at', type: 'timestamptz' }) dispatchedAt: Date;
}

/** A visited node's exchange with the team, as one node sees it. */
@Entity('supervision_team_target')
export class SupervisionTeamTarget {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'team_id', type: 'uuid' }) teamId: string;
  @PrimaryColumn({ name: 'target_id', type: 'varchar', length: 6 }) targetId: string;
  @Column({ type: 'varchar', length: 24 }) state: SupervisionState;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Every step of an exchange (acknowledgement, materials, findings and requirements, responses), kept as history. */
@Entity('supervision_team_step')
export class SupervisionTeamStepRecord {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'step_id', type: 'uuid' }) stepId: string;
  @Column({ name: 'team_id', type: 'uuid' }) teamId: string;
  @Column({ name: 'target_id', type: 'varchar', length: 6 }) targetId: string;
  @Column({ type: 'varchar', length: 24 }) kind: SupervisionStepKind;
  @Column({ name: 'by_node', type: 'varchar', length: 6 }) byNode: string;
  @Column({ type: 'jsonb' }) data: SupervisionTeamStepBody;
  @Column({ type: 'timestamptz' }) at: Date;
}
