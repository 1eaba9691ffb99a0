import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { DeadlineKind, DeadlineStatus } from './deadline.enums';

@ObjectType({ description: 'Something a node owes by a date, as seen from the node asking (its own, or one of its subtree)' })
export class DeadlineView {
  @Field(() => ID) id: string;
  @Field(() => ID) ownerNodeId: string;
  @Field(() => DeadlineKind) kind: DeadlineKind;
  @Field(() => ID, { description: 'The filing or rectification it belongs to' }) recordId: string;
  @Field(() => ID, { description: 'What is owed: the record itself or a part of it (a task, a stage)' }) subjectId: string;
  @Field() title: string;
  @Field({ description: 'Last day on time, Asia/Shanghai (YYYY-MM-DD)' }) dueOn: string;
  @Field(() => DeadlineStatus, { description: 'Overdue as soon as the day has passed, even before the owner reports it' }) status: DeadlineStatus;
  @Field({ description: 'Met after its day, or still open past it' }) late: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the owner's sweep found it late" }) overdueAt?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) metAt?: Date;
}

@ObjectType({ description: 'A child’s obligation that went overdue, as received by the level supervising it' })
export class OverdueAlert {
  @Field(() => ID) deadlineId: string;
  @Field(() => ID) ownerNodeId: string;
  @Field(() => DeadlineKind) kind: DeadlineKind;
  @Field(() => ID) recordId: string;
  @Field(() => ID) subjectId: string;
  @Field() title: string;
  @Field() dueOn: string;
  @Field(() => GraphQLISODateTime) overdueAt: Date;
  @Field(() => GraphQLISODateTime) receivedAt: Date;
  @Field(() => DeadlineStatus, { description: 'Its status now, as last reported' }) status: DeadlineStatus;
}
