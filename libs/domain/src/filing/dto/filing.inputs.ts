import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsLocalDate } from '../../deadlines/is-local-date.validator';
import { FilingKind } from '../filing.enums';

const NODE_ID = /^\d{6}$/;

@InputType()
export class RequestFilingsInput {
  @Field(() => ID, { description: 'The node asking its children (the caller’s own)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => FilingKind) @IsEnum(FilingKind) kind: FilingKind;
  @Field() @IsString() @Length(1, 200) title: string;
  @Field({ description: 'Last day on time, Asia/Shanghai (YYYY-MM-DD)' }) @IsLocalDate() dueOn: string;
  @Field({ defaultValue: false, description: 'Each child must first collect and accept the same filing from its own children' })
  @IsBoolean()
  consolidated: boolean;
}

@InputType()
export class SubmitFilingInput {
  @Field(() => ID, { description: 'The filer (the caller’s own node)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() filingId: string;
  @Field() @IsString() @Length(1, 20_000) content: string;
}

@InputType()
export class AcceptFilingInput {
  @Field(() => ID, { description: 'The reviewer (the caller’s own node)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() filingId: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2_000) note?: string;
}

@InputType()
export class ReturnFilingInput {
  @Field(() => ID, { description: 'The reviewer (the caller’s own node)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() filingId: string;
  @Field() @IsString() @Length(1, 2_000) reasons: string;
  @Field(() => ID, { nullable: true, description: 'The level that must act, when it lies below the filer (consolidated filings only); the filer by default' })
  @IsOptional()
  @Matches(NODE_ID)
  mustActNodeId?: string;
}
