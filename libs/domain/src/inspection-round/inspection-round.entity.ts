import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OrganisationKind } from '../organisation/organisation.enums';
import { RoundKind, RoundMode, RoundState } from './inspection-round.enums';

/** 第N轮巡视巡察 as one node holds it: the arranging node's own, or a copy at a node concerned. */
@Entity('inspection_round')
export class InspectionRound {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'owner_node_id', type: 'varchar', length: 6 }) ownerNodeId: string;
  @Column('int') revision: number;
  @Column('smallint') year: number;
  @Column('smallint') ordinal: number;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'varchar', length: 16 }) kind: RoundKind;
  @Column({ type: 'varchar', length: 16 }) mode: RoundMode;
  @Column({ type: 'varchar', length: 16 }) state: RoundState;
  /** 动员进驻, 结束进驻 and 反馈 as planned. */
  @Column({ name: 'planned_station_on', type: 'date' }) plannedStationOn: string;
  @Column({ name: 'planned_station_end_on', type: 'date' }) plannedStationEndOn: string;
  @Column({ name: 'planned_feedback_on', type: 'date' }) plannedFeedbackOn: string;
  @Column({ name: 'stationed_on', type: 'date', nullable: true }) stationedOn: string | null;
  @Column({ name: 'station_ended_on', type: 'date', nullable: true }) stationEndedOn: string | null;
  @Column({ name: 'report_heard_on', type: 'date', nullable: true }) reportHeardOn: string | null;
  @Column({ name: 'handed_over_on', type: 'date', nullable: true }) handedOverOn: string | null;
  @Column({ name: 'look_back_of_round_id', type: 'uuid', nullable: true }) lookBackOfRoundId: string | null;
  @Column({ name: 'plan_filing_id', type: 'uuid', nullable: true }) planFilingId: string | null;
  @Column({ name: 'arrangement_filing_id', type: 'uuid', nullable: true }) arrangementFilingId: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** 巡视组/巡察组: a leader and members covering some of the round's targets. */
@Entity('inspection_team')
export class InspectionTeam {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'round_id', type: 'uuid' }) roundId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 100 }) leader: string;
  @Column({ type: 'text', array: true }) members: string[];
  @Column({ name: 'from_node_id', type: 'varchar', length: 6 }) fromNodeId: string;
  @Column('smallint') position: number;
}

/** An organisation a round inspects, with the team covering it and the feedback it was given. */
@Entity('inspection_round_target')
export class RoundTarget {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'round_id', type: 'uuid' }) roundId: string;
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 32 }) kind: OrganisationKind;
  @Column({ name: 'inspector_node_id', type: 'varchar', length: 6 }) inspectorNodeId: string;
  @Column({ name: 'region_node_id', type: 'varchar', length: 6, nullable: true }) regionNodeId: string | null;
  @Column({ name: 'team_id', type: 'uuid', nullable: true }) teamId: string | null;
  @Column({ name: 'feedback_received_on', type: 'date', nullable: true }) feedbackReceivedOn: string | null;
  @Column({ name: 'feedback_summary', type: 'text', nullable: true }) feedbackSummary: string | null;
  @Column({ name: 'rectification_id', type: 'uuid', nullable: true }) rectificationId: string | null;
}

/** One dated step of a round's lifecycle, at the arranging node (who did it is in the audit log too). */
@Entity('inspection_round_event')
export class RoundEvent {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'round_id', type: 'uuid' }) roundId: string;
  @PrimaryColumn('int') seq: number;
  @Column({ type: 'varchar', length: 32 }) act: string;
  @Column({ name: 'state_from', type: 'varchar', length: 16, nullable: true }) stateFrom: RoundState | null;
  @Column({ name: 'state_to', type: 'varchar', length: 16 }) stateTo: RoundState;
  @Column({ name: 'happened_on', type: 'date' }) happenedOn: string;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column({ type: 'varchar', length: 200 }) actor: string;
}

/** A rectification a look-back round (回头看) revisits. */
@Entity('inspection_round_revisit')
export class RoundRevisit {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  @PrimaryColumn({ name: 'round_id', type: 'uuid' }) roundId: string;
  @PrimaryColumn({ name: 'rectification_id', type: 'uuid' }) rectificationId: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
}
