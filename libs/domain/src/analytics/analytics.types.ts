import { Tier } from '@app/federation';
import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AnalyticsKind } from './analytics.enums';

@ObjectType({ description: 'One counted state of one kind, summed over a subtree' })
export class FigureCountView {
  @Field(() => AnalyticsKind) kind: AnalyticsKind;
  @Field() key: string;
  @Field(() => String, { nullable: true, description: 'Coverage: the term' }) term: string | null;
  @Field(() => Int) value: number;
  @Field(() => GraphQLISODateTime, { description: 'Last change to this figure from anywhere in the subtree, as the holder saw it' }) lastUpdatedAt: Date;
}

@ObjectType()
export class RollupFigures {
  @Field(() => [FigureCountView]) counts: FigureCountView[];
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When anything in this subtree last changed; old means quiet or offline' }) lastUpdatedAt: Date | null;
  @Field(() => Float, { nullable: true, description: 'Filings submitted on time / filings submitted' }) filingOnTimeRate: number | null;
  @Field(() => Float, { nullable: true, description: '全覆盖: organisations inspected / organisations in the jurisdiction (over the terms asked for)' }) coverageRate: number | null;
}

@ObjectType({ description: 'A node of the holder’s subtree and its figures as the holder holds them' })
export class RollupNode {
  @Field(() => ID) nodeId: string;
  @Field() name: string;
  @Field(() => Tier) tier: Tier;
  @Field(() => ID, { nullable: true }) parentId: string | null;
}

@ObjectType()
export class RollupPage {
  @Field(() => RollupNode) region: RollupNode;
  @Field(() => [RollupNode]) items: RollupNode[];
  @Field(() => Int) total: number;
  @Field(() => String, { nullable: true, description: 'Null on the last page' }) nextCursor: string | null;
}

@InputType({ description: 'Which nodes to list: the region’s nodes of one tier (default: the region’s children)' })
export class RollupFilter {
  @Field(() => ID, { nullable: true, description: 'Root of the region (default: the caller’s node); any node of the caller’s subtree' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  region?: string;

  @Field(() => Tier, { nullable: true })
  @IsOptional()
  @IsEnum(Tier)
  tier?: Tier;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first = 50;

  @Field(() => String, { nullable: true, description: 'The previous page’s nextCursor' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  after?: string;
}

export const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
