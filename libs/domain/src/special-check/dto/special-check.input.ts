import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ScopeInput } from '../../common/target-scope';
import { ReviewVerdict } from '../special-check.enums';

const NODE_ID = /^\d{6}$/;
const NOT_BLANK = /\S/;

@InputType({ description: 'Notice of a special check (专项检查) of lower levels’ inspection work' })
export class NotifySpecialCheckInput {
  @Field(() => ID, { description: 'The checking node: the caller’s own' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field({ description: 'What is checked, e.g. 选人用人 (cadre selection)' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'subject must not be empty' })
  @MaxLength(200)
  subject: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'requirements must not be empty' })
  @MaxLength(5000)
  requirements: string;

  @Field(() => ScopeInput)
  @ValidateNested()
  @Type(() => ScopeInput)
  scope: ScopeInput;

  @Field(() => GraphQLISODateTime, { description: 'When the self-check reports are due' })
  @IsDate()
  dueDate: Date;
}

@InputType({ isAbstract: true })
abstract class CheckStepInput {
  @Field(() => ID, { description: 'The acting node: the caller’s own' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'checkId must be a check id' })
  checkId: string;
}

@InputType({ description: 'A report from the checked node: its self-check, or its rectification progress' })
export class SpecialCheckReportInput extends CheckStepInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'report must not be empty' })
  @MaxLength(20000)
  report: string;
}

@InputType()
export class RequireCheckRectificationInput extends CheckStepInput {
  @Field(() => ID, { description: 'The checked node' })
  @Matches(NODE_ID, { message: 'targetId must be a six-digit division code' })
  targetId: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'findings must not be empty' })
  @MaxLength(20000)
  findings: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'requirements must not be empty' })
  @MaxLength(20000)
  requirements: string;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  dueDate: Date;
}

@InputType()
export class ReviewCheckRectificationInput extends CheckStepInput {
  @Field(() => ID, { description: 'The checked node' })
  @Matches(NODE_ID, { message: 'targetId must be a six-digit division code' })
  targetId: string;

  @Field(() => ReviewVerdict)
  @IsEnum(ReviewVerdict)
  verdict: ReviewVerdict;

  @Field({ nullable: true, description: 'Required when returning the report' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reasons?: string;
}

@InputType()
export class WithdrawSpecialCheckInput extends CheckStepInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be empty' })
  @MaxLength(5000)
  reason: string;
}
