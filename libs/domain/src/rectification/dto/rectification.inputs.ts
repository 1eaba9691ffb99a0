import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../../deadlines/is-local-date.validator';
import { ReviewOffice } from '../rectification.enums';

const NODE_ID = /^\d{6}$/;

@InputType()
export class DeliverRectificationFeedbackInput {
  @Field(() => ID, { description: 'The level that sent the inspection team (the caller’s own node)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID, { description: 'The child node of the inspected organisation' }) @Matches(NODE_ID) inspectedNodeId: string;
  @Field({ description: '被巡视党组织, e.g. 中共长安区委' }) @IsString() @Length(1, 100) organisation: string;
  @Field() @IsString() @Length(1, 5_000) feedbackSummary: string;
  @Field({ description: 'The day the organisation received the feedback (Asia/Shanghai); starts every clock. Not in the future.' })
  @IsLocalDate()
  feedbackReceivedOn: string;
}

@InputType()
export class RectificationStageInput {
  @Field() @IsString() @Length(1, 500) goal: string;
  @Field() @IsLocalDate() dueOn: string;
}

@InputType()
export class RectificationTaskInput {
  @Field({ description: '整改措施' }) @IsString() @Length(1, 1_000) measure: string;
  @Field({ description: '责任单位/责任人' }) @IsString() @Length(1, 100) responsible: string;
  @Field({ nullable: true, description: 'Inside the concentrated period; omitted for a long-term task' }) @IsOptional() @IsLocalDate() dueOn?: string;
  @Field({ defaultValue: false }) @IsBoolean() longTerm: boolean;
  @Field(() => [RectificationStageInput], { defaultValue: [], description: 'Staged goals of a long-term task' })
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => RectificationStageInput)
  stages: RectificationStageInput[];
}

@InputType()
export class PlanRectificationProblemInput {
  @Field(() => ID, { description: 'The inspected node (the caller’s own)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() rectificationId: string;
  @Field({ description: 'The problem as the feedback names it' }) @IsString() @Length(1, 2_000) description: string;
  @Field(() => [RectificationTaskInput]) @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => RectificationTaskInput) tasks: RectificationTaskInput[];
}

@InputType()
export class CompleteRectificationTaskInput {
  @Field(() => ID) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() taskId: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2_000) note?: string;
}

@InputType()
export class CompleteRectificationStageInput {
  @Field(() => ID) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() stageId: string;
}

@InputType()
export class RecordDemocraticLifeMeetingInput {
  @Field(() => ID) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() rectificationId: string;
  @Field({ description: 'The day the special democratic-life meeting was held' }) @IsLocalDate() heldOn: string;
}

@InputType()
export class RectificationReportInput {
  @Field(() => ID) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() rectificationId: string;
  @Field() @IsString() @Length(1, 20_000) summary: string;
}

@InputType()
export class RecordRectificationReviewOpinionInput {
  @Field(() => ID, { description: 'The supervising level (the caller’s own node)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() rectificationId: string;
  @Field(() => ReviewOffice, { description: 'The caller’s office; the caller must hold its role' }) @IsEnum(ReviewOffice) office: ReviewOffice;
  @Field() @IsString() @Length(1, 5_000) opinion: string;
}

@InputType()
export class IssueRectificationReviewInput {
  @Field(() => ID) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() rectificationId: string;
  @Field({ description: 'Overall evaluation, gaps and further requirements (总体评价、差距不足、进一步要求)' }) @IsString() @Length(1, 5_000) overall: string;
}

@InputType()
export class RecordRectificationPublicationInput {
  @Field(() => ID) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() rectificationId: string;
  @Field({ description: '向党内通报' }) @IsLocalDate() internalNoticeOn: string;
  @Field({ description: '向社会公开' }) @IsLocalDate() publicDisclosureOn: string;
}

@InputType()
export class FileRectificationSupervisionReportInput {
  @Field(() => ID, { description: 'The supervising level (the caller’s own node)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() rectificationId: string;
  @Field(() => ReviewOffice, { description: 'discipline or organization; the caller must hold its role' })
  @IsIn([ReviewOffice.Discipline, ReviewOffice.Organization])
  office: ReviewOffice;
  @Field() @IsString() @Length(1, 20_000) summary: string;
}
