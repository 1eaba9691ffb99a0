import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { OutcomeKind, ProblemCategory } from './outcome.enums';

@ObjectType()
export class ProblemTallyView {
  @Field(() => ProblemCategory) category: ProblemCategory;
  @Field(() => Int) count: number;
}

@ObjectType({ description: '成果共享: an outcome shared by a node of the subtree' })
export class SharedOutcomeView {
  @Field(() => ID) id: string;
  @Field(() => ID) originNodeId: string;
  @Field(() => OutcomeKind) kind: OutcomeKind;
  @Field() title: string;
  @Field() summary: string;
  @Field(() => [ProblemTallyView]) problems: ProblemTallyView[];
  @Field(() => GraphQLISODateTime) sharedAt: Date;
}

@ObjectType({ description: 'Problems of one category rolled up over a subtree' })
export class ProblemStatistic {
  @Field(() => ProblemCategory) category: ProblemCategory;
  @Field(() => Int) total: number;
  @Field(() => Int, { description: 'Outcomes that reported it' }) outcomes: number;
  @Field(() => [ID], { description: 'Nodes that reported it' }) reportingNodes: string[];
}

@ObjectType({ description: 'A notice issued from a common problem; read it with notice(nodeId, id)' })
export class CommonProblemNotice {
  @Field(() => ID) noticeId: string;
  @Field() title: string;
  @Field(() => ProblemCategory) category: ProblemCategory;
  @Field(() => [ID]) reportingNodes: string[];
}
