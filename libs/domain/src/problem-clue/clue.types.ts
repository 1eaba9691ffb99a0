import { Tier } from '@app/federation';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ClueStatus } from './clue.enums';

@ObjectType({ description: 'A problem clue without its content: what everyone in the jurisdiction may see' })
export class ClueSummary {
  @Field(() => ID) id: string;
  @Field() reference: string;
  @Field(() => ID) originNodeId: string;
  @Field(() => ID) holderNodeId: string;
  @Field(() => Tier) managedBy: Tier;
  @Field(() => ClueStatus) status: ClueStatus;
  @Field(() => GraphQLISODateTime) recordedAt: Date;
  @Field(() => GraphQLISODateTime) statusChangedAt: Date;
}

@ObjectType({ description: 'Confidential: only the discipline organ of the holding node reads this' })
export class ClueContentView {
  @Field(() => ID) clueId: string;
  @Field() reference: string;
  @Field() cadreName: string;
  @Field() cadrePosition: string;
  @Field() allegation: string;
  @Field() source: string;
}

@ObjectType()
export class ClueCount {
  @Field(() => ClueStatus) status: ClueStatus;
  @Field(() => Int) count: number;
}
