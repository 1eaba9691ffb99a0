import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../../deadlines/is-local-date.validator';
import { RoundKind, RoundMode, RoundRole, RoundState } from '../inspection-round.enums';

const NODE_ID = /^\d{6}$/;
const NOT_BLANK = /\S/;

@InputType({ description: '回头看: the earlier round and the rectifications of it that this round revisits' })
export class LookBackInput {
  @Field(() => ID) @IsUUID() roundId: string;
  @Field(() => [ID]) @ArrayMinSize(1) @ArrayMaxSize(500) @ArrayUnique() @IsUUID('all', { each: true }) rectificationIds: string[];
}

@InputType()
export class PlanRoundInput {
  @Field(() => ID, { description: 'The arranging node (the caller’s own)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) year: number;
  @Field(() => Int, { description: '第N轮' }) @IsInt() @Min(1) @Max(99) ordinal: number;
  @Field({ nullable: true, description: 'Defaults to 第N轮巡视/巡察 of the year' }) @IsOptional() @IsString() @Length(1, 200) @Matches(NOT_BLANK) title?: string;
  @Field(() => RoundKind) @IsEnum(RoundKind) kind: RoundKind;
  @Field(() => RoundMode, { defaultValue: RoundMode.Own }) @IsEnum(RoundMode) mode: RoundMode;
  @Field(() => [ID], { nullable: true, description: 'Organisations of the register (or of a register below, 提级/交叉); a look-back takes those of its rectifications' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  targetIds?: string[];
  @Field({ description: '动员进驻 (YYYY-MM-DD)' }) @IsLocalDate() plannedStationOn: string;
  @Field({ description: '结束进驻' }) @IsLocalDate() plannedStationEndOn: string;
  @Field({ description: '反馈' }) @IsLocalDate() plannedFeedbackOn: string;
  @Field(() => LookBackInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => LookBackInput) lookBack?: LookBackInput;
}

@InputType()
export class TeamInput {
  @Field({ description: 'e.g. 第一巡视组' }) @IsString() @Length(1, 100) @Matches(NOT_BLANK) name: string;
  @Field({ description: '组长' }) @IsString() @Length(1, 100) @Matches(NOT_BLANK) leader: string;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 100, { each: true }) members: string[];
  @Field(() => ID, { nullable: true, description: 'The node providing the team; the arranging node when omitted' }) @IsOptional() @Matches(NODE_ID) fromNodeId?: string;
  @Field(() => [ID]) @ArrayMinSize(1) @ArrayMaxSize(500) @ArrayUnique() @IsUUID('all', { each: true }) targetIds: string[];
}

@InputType()
export class ArrangeRoundInput {
  @Field(() => ID) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() roundId: string;
  @Field(() => [TeamInput]) @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => TeamInput) teams: TeamInput[];
}

@InputType()
export class RoundStepInput {
  @Field(() => ID) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() roundId: string;
  @Field({ description: 'The day it happened (YYYY-MM-DD, not in the future)' }) @IsLocalDate() on: string;
}

@InputType()
export class HearRoundReportInput extends RoundStepInput {
  @Field({ description: '结束进驻: the day the teams left' }) @IsLocalDate() stationEndedOn: string;
}

@InputType()
export class TargetFeedbackInput {
  @Field(() => ID) @IsUUID() organisationId: string;
  @Field({ description: 'The day the organisation received the feedback; starts the clocks of seed 000' }) @IsLocalDate() feedbackReceivedOn: string;
  @Field() @IsString() @Length(1, 5_000) @Matches(NOT_BLANK) summary: string;
}

@InputType()
export class GiveRoundFeedbackInput {
  @Field(() => ID) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() roundId: string;
  @Field(() => [TargetFeedbackInput]) @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => TargetFeedbackInput) feedback: TargetFeedbackInput[];
}

@InputType()
export class ReopenItemInput {
  @Field(() => ID, { description: 'A task of the rectification’s lists' }) @IsUUID() taskId: string;
  @Field({ description: 'What the look-back found' }) @IsString() @Length(1, 2_000) @Matches(NOT_BLANK) reason: string;
  @Field({ description: 'The new due date' }) @IsLocalDate() dueOn: string;
}

@InputType()
export class ReopenRectificationItemsInput {
  @Field(() => ID, { description: 'The arranging node of the look-back round' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID, { description: 'The look-back round' }) @IsUUID() roundId: string;
  @Field(() => ID) @IsUUID() rectificationId: string;
  @Field(() => [ReopenItemInput]) @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ReopenItemInput) items: ReopenItemInput[];
}

@InputType()
export class RoundFilter {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  @Field(() => [RoundKind], { nullable: true }) @IsOptional() @ArrayMaxSize(4) @IsEnum(RoundKind, { each: true }) kinds?: RoundKind[];
  @Field(() => [RoundMode], { nullable: true }) @IsOptional() @ArrayMaxSize(4) @IsEnum(RoundMode, { each: true }) modes?: RoundMode[];
  @Field(() => [RoundState], { nullable: true }) @IsOptional() @ArrayMaxSize(5) @IsEnum(RoundState, { each: true }) states?: RoundState[];
  @Field(() => RoundRole, { nullable: true, description: 'What the node is to the round' }) @IsOptional() @IsEnum(RoundRole) role?: RoundRole;
  @Field(() => ID, { nullable: true, description: 'Rounds that inspect this organisation' }) @IsOptional() @IsUUID() organisationId?: string;
}

@InputType()
export class TeamFilter {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() roundId?: string;
  @Field(() => ID, { nullable: true, description: 'Teams this node provided' }) @IsOptional() @Matches(NODE_ID) fromNodeId?: string;
  @Field({ nullable: true, description: 'Leader or member name contains' }) @IsOptional() @IsString() @Length(1, 100) person?: string;
}
