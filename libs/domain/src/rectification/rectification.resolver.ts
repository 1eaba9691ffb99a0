import { Access, Caller, CurrentCaller, Role } from '@app/federation';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  CompleteRectificationStageInput,
  CompleteRectificationTaskInput,
  DeliverRectificationFeedbackInput,
  FileRectificationSupervisionReportInput,
  IssueRectificationReviewInput,
  PlanRectificationProblemInput,
  RecordDemocraticLifeMeetingInput,
  RecordRectificationPublicationInput,
  RecordRectificationReviewOpinionInput,
  RectificationReportInput,
} from './dto/rectification.inputs';
import { RectificationStatus, ReviewOffice } from './rectification.enums';
import { RectificationQueries, toReportView, toStageView, toView } from './rectification-queries.service';
import { RectificationActor } from './rectification-records';
import { RectificationSupervision } from './rectification-supervision.service';
import { RectificationWork } from './rectification-work.service';
import { RectificationDetail, RectificationReportView, RectificationView, RectificationStageView, RectificationTaskView } from './rectification.types';

const OFFICE_ROLE: Record<ReviewOffice, Role> = {
  [ReviewOffice.Discipline]: Role.Discipline,
  [ReviewOffice.Organization]: Role.Organization,
  [ReviewOffice.InspectionOffice]: Role.InspectionOffice,
};

/** Everyone working on rectification reads it; analysts see only the deadline roll-ups. */
const READERS = [Role.InspectionOffice, Role.LeadingGroup, Role.Discipline, Role.Organization];

@Resolver()
export class RectificationResolver {
  constructor(
    private readonly supervision: RectificationSupervision,
    private readonly work: RectificationWork,
    private readonly queries: RectificationQueries,
    private readonly access: Access,
  ) {}

  @Mutation(() => RectificationView, { description: '巡视反馈: the level that sent the team records the feedback it delivered to a child’s organisation' })
  async deliverRectificationFeedback(@CurrentCaller() caller: Caller, @Args('input') input: DeliverRectificationFeedbackInput): Promise<RectificationView> {
    this.actAs(caller, input.nodeId, Role.InspectionOffice);
    return toView(await this.supervision.deliverFeedback(input));
  }

  @Mutation(() => RectificationDetail, { description: 'Adds a problem with its tasks and responsible parties to the lists' })
  async planRectificationProblem(@CurrentCaller() caller: Caller, @Args('input') input: PlanRectificationProblemInput): Promise<RectificationDetail> {
    const actor = this.actAsInspected(caller, input.nodeId);
    await this.work.planProblem(input, actor);
    return this.queries.detail(input.nodeId, input.rectificationId, actor);
  }

  @Mutation(() => RectificationTaskView)
  async completeRectificationTask(@CurrentCaller() caller: Caller, @Args('input') input: CompleteRectificationTaskInput): Promise<RectificationTaskView> {
    const actor = this.actAsInspected(caller, input.nodeId);
    const task = await this.work.completeTask(input, actor);
    return this.queries.task(input.nodeId, task.id);
  }

  @Mutation(() => RectificationStageView, { description: 'A staged goal of a long-term task is reached' })
  async completeRectificationStage(@CurrentCaller() caller: Caller, @Args('input') input: CompleteRectificationStageInput): Promise<RectificationStageView> {
    const actor = this.actAsInspected(caller, input.nodeId);
    return toStageView(await this.work.completeStage(input, actor), new Date());
  }

  @Mutation(() => RectificationView, { description: '巡视整改专题民主生活会 held' })
  async recordDemocraticLifeMeeting(@CurrentCaller() caller: Caller, @Args('input') input: RecordDemocraticLifeMeetingInput): Promise<RectificationView> {
    const actor = this.actAsInspected(caller, input.nodeId);
    return toView(await this.work.recordMeeting(input, actor), actor);
  }

  @Mutation(() => RectificationView, { description: '集中整改进展情况报告 to the supervising level' })
  async submitRectificationProgressReport(@CurrentCaller() caller: Caller, @Args('input') input: RectificationReportInput): Promise<RectificationView> {
    const actor = this.actAsInspected(caller, input.nodeId);
    return toView(await this.work.submitProgressReport(input, actor), actor);
  }

  @Mutation(() => RectificationView, { description: 'One office’s opinion on the progress report; the caller must hold that office’s role' })
  async recordRectificationReviewOpinion(@CurrentCaller() caller: Caller, @Args('input') input: RecordRectificationReviewOpinionInput): Promise<RectificationView> {
    this.actAs(caller, input.nodeId, OFFICE_ROLE[input.office]);
    return toView(await this.supervision.recordReviewOpinion(input));
  }

  @Mutation(() => RectificationView, { description: 'The discipline organ sends the combined review opinion back in writing' })
  async issueRectificationReview(@CurrentCaller() caller: Caller, @Args('input') input: IssueRectificationReviewInput): Promise<RectificationView> {
    this.actAs(caller, input.nodeId, Role.Discipline);
    return toView(await this.supervision.issueReview(input));
  }

  @Mutation(() => RectificationView, { description: '整改情况公开: internal notice and public disclosure' })
  async recordRectificationPublication(@CurrentCaller() caller: Caller, @Args('input') input: RecordRectificationPublicationInput): Promise<RectificationView> {
    const actor = this.actAsInspected(caller, input.nodeId);
    return toView(await this.work.recordPublication(input, actor), actor);
  }

  @Mutation(() => RectificationReportView, { description: '后续整改情况报告 on long-term tasks' })
  async fileRectificationFollowUpReport(@CurrentCaller() caller: Caller, @Args('input') input: RectificationReportInput): Promise<RectificationReportView> {
    const actor = this.actAsInspected(caller, input.nodeId);
    return toReportView(await this.work.fileFollowUp(input, actor));
  }

  @Mutation(() => RectificationReportView, { description: 'The discipline organ’s or organisation department’s supervision report to the leading group' })
  async fileRectificationSupervisionReport(@CurrentCaller() caller: Caller, @Args('input') input: FileRectificationSupervisionReportInput): Promise<RectificationReportView> {
    this.actAs(caller, input.nodeId, OFFICE_ROLE[input.office]);
    return toReportView(await this.supervision.fileSupervisionReport(input));
  }

  @Query(() => [RectificationView], { description: 'Rectifications the node supervises or carries out' })
  rectifications(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('statuses', { type: () => [RectificationStatus], nullable: true }) statuses: RectificationStatus[] | null,
  ): Promise<RectificationView[]> {
    const actor = this.assertReader(caller, nodeId);
    return this.queries.list(nodeId, statuses, actor);
  }

  @Query(() => RectificationDetail)
  rectification(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<RectificationDetail> {
    const actor = this.assertReader(caller, nodeId);
    return this.queries.detail(nodeId, id, actor);
  }

  private actAs(caller: Caller, nodeId: string, role: Role): void {
    this.access.assertRole(caller, role);
    this.access.assertActsFor(caller, nodeId);
  }

  /** The organisation's own side: the office of its node, or a caller scoped to the organisation (checked against the record). */
  private actAsInspected(caller: Caller, nodeId: string): RectificationActor {
    if (!caller.organisationId) {
      this.actAs(caller, nodeId, Role.InspectionOffice);
      return {};
    }
    this.access.assertRole(caller, Role.InspectedOrganisation);
    this.access.assertOrganisation(caller, nodeId, caller.organisationId);
    return { organisationId: caller.organisationId };
  }

  private assertReader(caller: Caller, nodeId: string): RectificationActor {
    if (caller.organisationId) return this.actAsInspected(caller, nodeId);
    this.access.assertRole(caller, ...READERS);
    this.access.assertWithin(caller, nodeId);
    return {};
  }
}
