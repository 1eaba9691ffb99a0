import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, Matches } from 'class-validator';
import { Tier } from '@app/federation';
import { IsLocalDate } from '../../deadlines/is-local-date.validator';
import { TERM } from '../coverage-rules';

@InputType({ description: '届: a term of the node, within which its whole register is to be inspected' })
export class DefineTermInput {
  @Field(() => ID) @Matches(/^\d{6}$/) nodeId: string;
  @Field({ description: 'e.g. 2021-2026' }) @Matches(TERM, { message: 'label must look like 2021-2026' }) label: string;
  @Field() @IsLocalDate() startsOn: string;
  @Field() @IsLocalDate() endsOn: string;
}

@InputType({ description: 'Drill-down: the region (default: the caller’s node) and which of its nodes to list (default: its children)' })
export class CoverageDrillInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @Matches(/^\d{6}$/) region?: string;
  @Field(() => Tier, { nullable: true }) @IsOptional() @IsEnum(Tier) tier?: Tier;
}
