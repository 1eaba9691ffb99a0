import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ScopeInput } from '../../common/target-scope';
import { InspectionKind, LinkageType } from '../linkage-task.enums';

export const NODE_ID = /^\d{6}$/;
export const NOT_BLANK = /\S/;

@InputType({ description: 'A linkage task (联动任务) issued by a node to lower levels of its own subtree' })
export class IssueLinkageTaskInput {
  @Field(() => ID, { description: 'The issuing node: the caller’s own' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field(() => InspectionKind)
  @IsEnum(InspectionKind)
  kind: InspectionKind;

  @Field(() => LinkageType)
  @IsEnum(LinkageType)
  linkageType: LinkageType;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'requirements must not be empty' })
  @MaxLength(5000)
  requirements: string;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  focusPoints: string[];

  @Field(() => ScopeInput)
  @ValidateNested()
  @Type(() => ScopeInput)
  scope: ScopeInput;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  startAt: Date;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  deadline: Date;
}

@InputType({ description: 'Assignments for lower levels decomposed from a task this node received: its own added requirements, an equal or earlier deadline' })
export class DecomposeLinkageTaskInput {
  @Field(() => ID)
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field(() => ID, { description: 'The received task being decomposed' })
  @IsUUID('all', { message: 'taskId must be a task id' })
  taskId: string;

  @Field({ nullable: true, description: 'Defaults to the received task’s title' })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be empty' })
  @MaxLength(200)
  title?: string;

  @Field({ description: 'What this level adds to the received task’s requirements' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'addedRequirements must not be empty' })
  @MaxLength(5000)
  addedRequirements: string;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  addedFocusPoints: string[];

  @Field(() => ScopeInput)
  @ValidateNested()
  @Type(() => ScopeInput)
  scope: ScopeInput;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Defaults to the received task’s start' })
  @IsOptional()
  @IsDate()
  startAt?: Date;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  deadline: Date;
}
