import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { OutcomeKind, ProblemCategory } from '../outcome.enums';

@InputType()
export class ProblemTallyInput {
  @Field(() => ProblemCategory) @IsEnum(ProblemCategory) category: ProblemCategory;
  @Field(() => Int) @IsInt() @Min(0) @Max(1_000_000) count: number;
}

@InputType()
export class ShareOutcomeInput {
  @Field(() => ID, { description: 'The sharing node (the caller’s own)' }) @Matches(/^\d{6}$/) nodeId: string;
  @Field(() => OutcomeKind) @IsEnum(OutcomeKind) kind: OutcomeKind;
  @Field() @IsString() @Length(1, 200) title: string;
  @Field() @IsString() @Length(1, 5_000) summary: string;
  @Field(() => [ProblemTallyInput], { defaultValue: [], description: 'Problems found, by category; required for problem statistics' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ProblemTallyInput)
  problems: ProblemTallyInput[];
}

@InputType({ description: 'Turns a common problem of the subtree into a notice (通报) to every node below' })
export class NoticeCommonProblemInput {
  @Field(() => ID, { description: 'The issuing level (the caller’s own node)' }) @Matches(/^\d{6}$/) nodeId: string;
  @Field(() => ProblemCategory) @IsEnum(ProblemCategory) category: ProblemCategory;
  @Field(() => Int, { defaultValue: 2, description: 'How many nodes of the subtree must have reported it' }) @IsInt() @Min(2) @Max(10_000) minNodes: number;
  @Field({ nullable: true, description: 'Defaults to 关于…问题的通报' }) @IsOptional() @IsString() @Length(1, 200) title?: string;
  @Field({ nullable: true, description: 'Requirements added after the generated summary of the reports' }) @IsOptional() @IsString() @Length(1, 20_000) requirements?: string;
}
