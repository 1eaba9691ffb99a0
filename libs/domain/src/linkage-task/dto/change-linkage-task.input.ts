import { Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsDate, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { NODE_ID, NOT_BLANK } from './issue-linkage-task.input';

@InputType({ isAbstract: true })
abstract class TaskActionInput {
  @Field(() => ID, { description: 'The acting node: the caller’s own' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'taskId must be a task id' })
  taskId: string;
}

@InputType({ description: 'A new version of a task’s content, sent to every recipient; omitted fields keep their value' })
export class AmendLinkageTaskInput extends TaskActionInput {
  @Field(() => Int, { nullable: true, description: 'Refuse if the task is no longer at this version (someone amended it meanwhile)' })
  @IsOptional()
  @IsInt()
  expectedVersion?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be empty' })
  @MaxLength(200)
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'requirements must not be empty' })
  @MaxLength(5000)
  requirements?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  focusPoints?: string[];

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  startAt?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  deadline?: Date;

  @Field({ description: 'Why it changed; recipients see it in the history' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'note must not be empty' })
  @MaxLength(1000)
  note: string;
}

@InputType()
export class CancelLinkageTaskInput extends TaskActionInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be empty' })
  @MaxLength(1000)
  reason: string;
}

@InputType({ description: 'A recipient accepting a task it received' })
export class AcceptLinkageTaskInput extends TaskActionInput {}

@InputType()
export class ReportLinkageTaskProgressInput extends TaskActionInput {
  @Field(() => Int, { description: '0–99; completing is its own step, with a report' })
  @IsInt()
  @Min(0)
  @Max(99)
  percent: number;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'note must not be empty' })
  @MaxLength(2000)
  note: string;
}

@InputType()
export class CompleteLinkageTaskInput extends TaskActionInput {
  @Field({ description: 'The completion report' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'report must not be empty' })
  @MaxLength(10000)
  report: string;
}
