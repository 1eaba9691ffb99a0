import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../../deadlines/is-local-date.validator';
import { CadreLevel, OrganisationKind } from '../organisation.enums';

const NODE_ID = /^\d{6}$/;
export const MAX_IMPORT_ROWS = 5000;

@InputType({ description: 'One organisation of the register (被巡视巡察党组织)' })
export class OrganisationInput {
  @Field(() => ID, { description: 'The node that inspects it by 管理权限: the caller’s own' }) @Matches(NODE_ID) nodeId: string;
  @Field() @IsString() @MaxLength(200) name: string;
  @Field({ nullable: true, description: 'External key, e.g. 统一社会信用代码; imports match on it' }) @IsOptional() @IsString() @MaxLength(64) code?: string;
  @Field(() => OrganisationKind) @IsEnum(OrganisationKind) kind: OrganisationKind;
  @Field(() => ID, { nullable: true, description: '地方党委 only: the node of its region, below the inspector; its rectification is served there' })
  @IsOptional()
  @Matches(NODE_ID)
  regionNodeId?: string;
  @Field(() => CadreLevel, { nullable: true, description: '管理权限 of its leadership' }) @IsOptional() @IsEnum(CadreLevel) cadreLevel?: CadreLevel;
  @Field({ description: 'Active from (YYYY-MM-DD)' }) @IsLocalDate() activeFrom: string;
  @Field({ nullable: true, description: 'Dissolved or merged on (YYYY-MM-DD)' }) @IsOptional() @IsLocalDate() activeTo?: string;
}

@InputType()
export class UpdateOrganisationInput extends OrganisationInput {
  @Field(() => ID) @IsUUID() organisationId: string;
  @Field(() => ID, { nullable: true, description: 'Merged into this organisation of the same register' }) @IsOptional() @IsUUID() successorId?: string;
}

@InputType({ description: 'A row of an import, as a file gives it: kinds and levels by value or Chinese name; checked row by row' })
export class OrganisationRowInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(400) name?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) code?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) kind?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(20) regionNodeId?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(20) cadreLevel?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(20) activeFrom?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(20) activeTo?: string;
}

@InputType()
export class ImportOrganisationsInput {
  @Field(() => ID, { description: 'The register’s node: the caller’s own' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => [OrganisationRowInput]) @ArrayMinSize(1) @ArrayMaxSize(MAX_IMPORT_ROWS) @ValidateNested({ each: true }) @Type(() => OrganisationRowInput) rows: OrganisationRowInput[];
  @Field({ defaultValue: false, description: 'Check and report only' }) @IsBoolean() dryRun: boolean;
}

@InputType()
export class OrganisationFilter {
  @Field(() => [OrganisationKind], { nullable: true }) @IsOptional() @ArrayMaxSize(8) @IsEnum(OrganisationKind, { each: true }) kinds?: OrganisationKind[];
  @Field(() => ID, { nullable: true, description: 'Only those this node inspects (default: the node’s own and every copy from below)' })
  @IsOptional()
  @Matches(NODE_ID)
  inspectorNodeId?: string;
  @Field(() => ID, { nullable: true, description: 'Only those inspected at or below this node' }) @IsOptional() @Matches(NODE_ID) under?: string;
  @Field({ nullable: true, description: 'Only those active on this day (YYYY-MM-DD)' }) @IsOptional() @IsLocalDate() activeOn?: string;
  @Field({ nullable: true, description: 'Name contains' }) @IsOptional() @IsString() @MaxLength(100) search?: string;
}
