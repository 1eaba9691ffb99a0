import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { FilingStatus } from '../filing/filing.enums';
import { OrganisationKind } from '../organisation/organisation.enums';
import { RoundKind, RoundMode, RoundRole, RoundState } from './inspection-round.enums';

@ObjectType({ description: '巡视组/巡察组' })
export class TeamView {
  @Field(() => ID) id: string;
  @Field(() => ID) roundId: string;
  @Field() name: string;
  @Field({ description: '组长' }) leader: string;
  @Field(() => [String]) members: string[];
  @Field(() => ID, { description: 'The node providing the team' }) fromNodeId: string;
  @Field() fromNodeName: string;
  @Field(() => [ID]) targetIds: string[];
}

@ObjectType({ description: 'An organisation the round inspects' })
export class RoundTargetView {
  @Field(() => ID) organisationId: string;
  @Field() name: string;
  @Field(() => OrganisationKind) kind: OrganisationKind;
  @Field(() => ID) inspectorNodeId: string;
  @Field(() => ID, { nullable: true }) regionNodeId: string | null;
  @Field(() => ID, { nullable: true }) teamId: string | null;
  @Field(() => String, { nullable: true }) feedbackReceivedOn: string | null;
  @Field(() => ID, { nullable: true, description: 'The rectification its feedback opened' }) rectificationId: string | null;
}

@ObjectType({ description: 'A dated step of the round' })
export class RoundEventView {
  @Field() act: string;
  @Field(() => RoundState, { nullable: true }) stateFrom: RoundState | null;
  @Field(() => RoundState) stateTo: RoundState;
  @Field() happenedOn: string;
  @Field(() => GraphQLISODateTime) recordedAt: Date;
  @Field() actor: string;
}

@ObjectType({ description: 'A round’s plan or arrangement as filed with the parent (报备)' })
export class RoundFilingView {
  @Field(() => ID) filingId: string;
  @Field(() => FilingStatus) status: FilingStatus;
  @Field() dueOn: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) firstSubmittedAt?: Date;
}

@ObjectType({ description: '第N轮巡视巡察, as the asking node holds it' })
export class RoundView {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'The arranging node' }) ownerNodeId: string;
  @Field(() => [RoundRole], { description: 'What the asking node is to this round' }) roles: RoundRole[];
  @Field(() => Int) year: number;
  @Field(() => Int) ordinal: number;
  @Field() title: string;
  @Field(() => RoundKind) kind: RoundKind;
  @Field(() => RoundMode) mode: RoundMode;
  @Field(() => RoundState) state: RoundState;
  @Field() plannedStationOn: string;
  @Field() plannedStationEndOn: string;
  @Field() plannedFeedbackOn: string;
  @Field(() => String, { nullable: true }) stationedOn: string | null;
  @Field(() => String, { nullable: true }) stationEndedOn: string | null;
  @Field(() => String, { nullable: true }) reportHeardOn: string | null;
  @Field(() => String, { nullable: true }) handedOverOn: string | null;
  @Field(() => ID, { nullable: true, description: '回头看: the round revisited' }) lookBackOfRoundId: string | null;
  @Field(() => [ID], { description: '回头看: the rectifications revisited' }) revisitedRectificationIds: string[];
  @Field(() => Int) revision: number;
  @Field(() => [TeamView]) teams: TeamView[];
  @Field(() => [RoundTargetView]) targets: RoundTargetView[];
  @Field(() => [RoundEventView], { description: 'Dated steps (kept by the arranging node)' }) events: RoundEventView[];
  @Field(() => RoundFilingView, { nullable: true, description: 'The plan as filed with the parent' }) planFiling: RoundFilingView | null;
  @Field(() => RoundFilingView, { nullable: true, description: 'The arrangement (轮次安排) as filed with the parent' }) arrangementFiling: RoundFilingView | null;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}

@ObjectType()
export class RoundPage {
  @Field(() => [RoundView]) items: RoundView[];
  @Field(() => String, { nullable: true }) nextCursor: string | null;
}

@ObjectType()
export class TeamPage {
  @Field(() => [TeamView]) items: TeamView[];
  @Field(() => String, { nullable: true }) nextCursor: string | null;
}
