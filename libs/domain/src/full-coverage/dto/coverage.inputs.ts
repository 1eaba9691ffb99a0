import { Field, ID, InputType, ObjectType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export const TERM = /^\d{4}-\d{4}$/;

@InputType({ description: 'The party organisations in a node’s own jurisdiction for one term (全覆盖)' })
export class RegisterOrganisationsInput {
  @Field(() => ID) @Matches(/^\d{6}$/) nodeId: string;
  @Field({ description: 'The term, e.g. 2022-2027' }) @Matches(TERM, { message: 'term must look like 2022-2027' }) term: string;
  @Field(() => [String]) @ArrayMinSize(1) @ArrayMaxSize(5000) @IsString({ each: true }) @MaxLength(200, { each: true }) names: string[];
}

@InputType()
export class MarkInspectedInput {
  @Field(() => ID) @Matches(/^\d{6}$/) nodeId: string;
  @Field(() => ID) @IsUUID() organisationId: string;
  @Field({ nullable: true, description: 'YYYY-MM-DD; today when omitted' }) @IsOptional() @IsISO8601() inspectedOn?: string;
}

@ObjectType()
export class CoverageTally {
  @Field(() => ID) nodeId: string;
  @Field() term: string;
  @Field(() => Int) organisations: number;
  @Field(() => Int) inspected: number;
}

@ObjectType()
export class PartyOrganisation {
  @Field(() => ID) id: string;
  @Field() term: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) inspectedOn: string | null;
}
