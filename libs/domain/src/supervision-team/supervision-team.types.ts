import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Paginated } from '../common/pagination';
import { SupervisionRole, SupervisionState, SupervisionStepKind } from './supervision-team.enums';

@ObjectType()
export class SupervisionTeamMemberView {
  @Field() name: string;
  @Field() title: string;
}

@ObjectType()
export class SupervisionMaterial {
  @Field() title: string;
  @Field() description: string;
}

@ObjectType({ description: 'One step of a visit; the fields that apply to its kind are set' })
export class SupervisionStep {
  @Field(() => ID) id: string;
  @Field(() => SupervisionStepKind) kind: SupervisionStepKind;
  @Field(() => ID) byNodeId: string;
  @Field(() => GraphQLISODateTime) at: Date;
  @Field({ nullable: true }) note?: string;
  @Field(() => [SupervisionMaterial], { nullable: true }) materials?: SupervisionMaterial[];
  @Field({ nullable: true }) findings?: string;
  @Field({ nullable: true }) requirements?: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) dueDate?: Date;
  @Field({ nullable: true }) response?: string;
  @Field({ nullable: true, description: 'Why the team was withdrawn' }) reasons?: string;
}

@ObjectType({ description: 'One visited node’s exchange with the team' })
export class SupervisionVisit {
  @Field(() => ID) targetId: string;
  @Field() targetName: string;
  @Field(() => SupervisionState) state: SupervisionState;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => [SupervisionStep], { description: 'Oldest first' }) steps: SupervisionStep[];
}

@ObjectType('SupervisionTeam', { description: 'A guidance and supervision team (指导督导组) as one node holds it' })
export class SupervisionTeamView {
  @Field(() => ID) id: string;
  @Field(() => ID) nodeId: string;
  @Field(() => SupervisionRole) role: SupervisionRole;
  @Field(() => ID) issuerId: string;
  @Field() issuerName: string;
  @Field() name: string;
  @Field() purpose: string;
  @Field(() => [SupervisionTeamMemberView]) members: SupervisionTeamMemberView[];
  @Field(() => GraphQLISODateTime) visitStart: Date;
  @Field(() => GraphQLISODateTime) visitEnd: Date;
  @Field(() => GraphQLISODateTime) dispatchedAt: Date;
}

@ObjectType()
export class SupervisionTeamPage extends Paginated(SupervisionTeamView) {}
