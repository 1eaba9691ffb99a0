import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Paginated } from '../common/pagination';
import { ReviewVerdict, SpecialCheckRole, SpecialCheckState, SpecialCheckStepKind } from './special-check.enums';

@ObjectType({ description: 'One step of a checked node’s exchange; the fields that apply to its kind are set' })
export class SpecialCheckStepView {
  @Field(() => ID) id: string;
  @Field(() => SpecialCheckStepKind) kind: SpecialCheckStepKind;
  @Field(() => ID) byNodeId: string;
  @Field(() => GraphQLISODateTime) at: Date;
  @Field({ nullable: true, description: 'Self-check or rectification progress report' }) report?: string;
  @Field({ nullable: true }) findings?: string;
  @Field({ nullable: true }) requirements?: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) dueDate?: Date;
  @Field(() => ReviewVerdict, { nullable: true }) verdict?: ReviewVerdict;
  @Field({ nullable: true, description: 'Why a report was returned, or the check withdrawn' }) reasons?: string;
}

@ObjectType({ description: 'One checked node’s exchange with the checker' })
export class CheckedNodeStatus {
  @Field(() => ID) targetId: string;
  @Field() targetName: string;
  @Field(() => SpecialCheckState) state: SpecialCheckState;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => [SpecialCheckStepView], { description: 'Oldest first' }) steps: SpecialCheckStepView[];
}

@ObjectType('SpecialCheck', { description: 'A special check (专项检查) as one node holds it' })
export class SpecialCheckView {
  @Field(() => ID) id: string;
  @Field(() => ID) nodeId: string;
  @Field(() => SpecialCheckRole) role: SpecialCheckRole;
  @Field(() => ID) issuerId: string;
  @Field() issuerName: string;
  @Field() title: string;
  @Field() subject: string;
  @Field() requirements: string;
  @Field(() => GraphQLISODateTime) dueDate: Date;
  @Field(() => GraphQLISODateTime) notifiedAt: Date;
}

@ObjectType()
export class SpecialCheckPage extends Paginated(SpecialCheckView) {}
