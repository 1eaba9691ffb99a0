import { Role, registerLabelledEnum } from '@app/federation';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { DeadlineView } from '../deadlines/deadline.types';
import { RectificationReportKind, RectificationStatus, ReviewOffice, TaskStatus } from './rectification.enums';
import { RectificationSide } from './rectification-records';

registerLabelledEnum(RectificationSide, {
  name: 'RectificationSide',
  description: 'supervising: the level that sent the team · inspected: the inspected organisation’s node',
  labels: { supervising: '派出巡视巡察组的层级', inspected: '被巡视巡察党组织' },
});

@ObjectType({ description: '整改: one inspected organisation’s rectification and the deadlines of seed 000 applied to it' })
export class RectificationView {
  @Field(() => ID) id: string;
  @Field(() => RectificationSide) side: RectificationSide;
  @Field(() => ID) supervisingNodeId: string;
  @Field(() => ID) inspectedNodeId: string;
  @Field() organisation: string;
  @Field(() => ID, { nullable: true, description: 'The organisation of the register (none for feedback recorded against a child node alone)' }) organisationId: string | null;
  @Field(() => ID, { nullable: true, description: 'Its own region node, whose office acts for it' }) organisationNodeId: string | null;
  @Field(() => ID, { nullable: true, description: 'The round whose feedback opened it' }) roundId: string | null;
  @Field() feedbackSummary: string;
  @Field({ description: 'Starts every clock' }) feedbackReceivedOn: string;
  @Field({ description: 'Concentrated rectification ends: feedback + 3 months' }) concentratedEndsOn: string;
  @Field({ description: 'Progress report due: feedback + 3 months' }) progressReportDueOn: string;
  @Field({ description: 'Supervision reports due: end of the concentrated period + 3 months' }) supervisionReportsDueOn: string;
  @Field(() => RectificationStatus) status: RectificationStatus;
  @Field({ nullable: true }) democraticLifeMeetingOn?: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) progressReportedAt?: Date;
  @Field({ nullable: true }) reviewOverall?: string;
  @Field({ nullable: true, description: 'The day the review opinion arrived at the inspected node' }) reviewReceivedOn?: string;
  @Field({ nullable: true, description: 'Publication due: review received + 1 month' }) publicationDueOn?: string;
  @Field({ nullable: true }) internalNoticeOn?: string;
  @Field({ nullable: true }) publicDisclosureOn?: string;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}

@ObjectType()
export class RectificationStageView {
  @Field(() => ID) id: string;
  @Field() goal: string;
  @Field() dueOn: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) doneAt?: Date;
  @Field() overdue: boolean;
}

@ObjectType({ description: '回头看: a task opened again, with the state it had before' })
export class RectificationReopeningView {
  @Field(() => ID) id: string;
  @Field(() => ID) taskId: string;
  @Field(() => ID, { description: 'The look-back round' }) roundId: string;
  @Field() reason: string;
  @Field(() => TaskStatus) previousStatus: TaskStatus;
  @Field({ nullable: true }) previousDueOn?: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) previousDoneAt?: Date;
  @Field({ nullable: true }) previousNote?: string;
  @Field({ description: 'The new due date' }) dueOn: string;
  @Field(() => GraphQLISODateTime) reopenedAt: Date;
}

@ObjectType({ description: '任务清单 entry, with its responsible party (责任清单)' })
export class RectificationTaskView {
  @Field(() => ID) id: string;
  @Field() measure: string;
  @Field() responsible: string;
  @Field({ nullable: true }) dueOn?: string;
  @Field() longTerm: boolean;
  @Field(() => TaskStatus) status: TaskStatus;
  @Field(() => GraphQLISODateTime, { nullable: true }) doneAt?: Date;
  @Field({ nullable: true }) completionNote?: string;
  @Field({ description: 'Open past its day (Asia/Shanghai)' }) overdue: boolean;
  @Field(() => [RectificationStageView]) stages: RectificationStageView[];
  @Field(() => [RectificationReopeningView], { description: 'Earlier states, when a look-back reopened it' }) reopenings: RectificationReopeningView[];
}

@ObjectType({ description: '问题清单 entry with its tasks' })
export class RectificationProblemView {
  @Field(() => ID) id: string;
  @Field() description: string;
  @Field(() => [RectificationTaskView]) tasks: RectificationTaskView[];
}

@ObjectType({ description: '责任清单: what each responsible party answers for' })
export class RectificationResponsibilityView {
  @Field() responsible: string;
  @Field(() => Int) tasks: number;
  @Field(() => Int) open: number;
}

@ObjectType()
export class RectificationReviewOpinionView {
  @Field(() => ReviewOffice) office: ReviewOffice;
  @Field() opinion: string;
  @Field(() => GraphQLISODateTime) recordedAt: Date;
}

@ObjectType()
export class RectificationItemView {
  @Field(() => ID, { nullable: true, description: 'The task on the lists (a look-back names it to reopen it)' }) taskId?: string;
  @Field() problem: string;
  @Field() measure: string;
  @Field() responsible: string;
  @Field({ nullable: true }) dueOn?: string;
  @Field() longTerm: boolean;
  @Field() done: boolean;
}

@ObjectType()
export class RectificationReportView {
  @Field(() => ID) id: string;
  @Field(() => RectificationReportKind) kind: RectificationReportKind;
  @Field() summary: string;
  @Field(() => [RectificationItemView], { description: 'The lists as they stood when reporting' }) items: RectificationItemView[];
  @Field(() => GraphQLISODateTime) submittedAt: Date;
  @Field(() => Role, { description: 'Who the report is addressed to at the supervising level' }) addressedTo: Role;
  @Field(() => [Role], { description: 'Who receives a copy' }) copiedTo: Role[];
}

@ObjectType()
export class RectificationDetail {
  @Field(() => RectificationView) rectification: RectificationView;
  @Field(() => [RectificationProblemView], { description: 'Problem, task and responsibility lists (kept by the inspected node)' }) problems: RectificationProblemView[];
  @Field(() => [RectificationResponsibilityView]) responsibilities: RectificationResponsibilityView[];
  @Field(() => [RectificationReviewOpinionView]) reviewOpinions: RectificationReviewOpinionView[];
  @Field(() => [RectificationReportView]) reports: RectificationReportView[];
  @Field(() => [DeadlineView], { description: 'Every deadline of this rectification, met or not' }) deadlines: DeadlineView[];
  @Field(() => [RectificationReopeningView], { description: 'Items a look-back reopened (at the supervising level: what it asked for)' }) reopenings: RectificationReopeningView[];
}
