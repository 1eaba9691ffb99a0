import { DeliveryContext, InvalidPayloadError, MessageType, Registry } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DeadlineKind } from '../deadlines/deadline.enums';
import { DeadlineTracker } from '../deadlines/deadline-tracker.service';
import { isLocalDate, localDateOf } from '../deadlines/local-date';
import { concentratedRectificationEnds, progressReportDue, publicationDue, supervisionReportsDue } from '../deadlines/rectification-rules';
import { Rectification } from './rectification.entity';
import { RectificationReportKind, RectificationStatus, ReviewOffice } from './rectification.enums';
import { deadlineTitle } from './rectification-records';
import { RectificationReport, RectificationReviewOpinion } from './rectification-report.entity';
import { RectificationException } from './rectification.exception';
import { RectificationReopenings, trackInspectedDeadlines } from './rectification-reopenings';
import { RectificationAct, rectificationAfter } from './rectification-state';

/** What rectification messages do where they arrive; each returns early when already reflected. */
@Injectable()
export class RectificationDelivery {
  constructor(
    private readonly registry: Registry,
    private readonly deadlines: DeadlineTracker,
    private readonly reopenings: RectificationReopenings,
  ) {}

  /** Where the organisation is served: feedback received, its clocks start. */
  async opened(ctx: DeliveryContext<typeof MessageType.RectificationOpened>): Promise<void> {
    const { manager, node, envelope, payload } = ctx;
    if (envelope.origin !== payload.supervisingNodeId || !this.registry.isAncestor(envelope.origin, node.id)) {
      throw new InvalidPayloadError(`feedback to ${node.id} comes only from a level above it`);
    }
    if (!isLocalDate(payload.feedbackReceivedOn)) throw new InvalidPayloadError(`feedback date ${payload.feedbackReceivedOn} is not a calendar date`);
    if (await manager.existsBy(Rectification, { nodeId: node.id, id: payload.rectificationId })) return;
    const received = payload.feedbackReceivedOn;
    const record = Object.assign(new Rectification(), {
      nodeId: node.id,
      id: payload.rectificationId,
      supervisingNodeId: payload.supervisingNodeId,
      inspectedNodeId: node.id,
      organisation: payload.organisation,
      // Feedback to a child node alone (before the register) is to that node's own organisation.
      organisationId: payload.organisationId ?? null,
      organisationNodeId: payload.organisationId ? (payload.organisationNodeId ?? null) : node.id,
      roundId: payload.roundId ?? null,
      feedbackSummary: payload.feedbackSummary,
      feedbackReceivedOn: received,
      concentratedEndsOn: concentratedRectificationEnds(received),
      progressReportDueOn: progressReportDue(received),
      supervisionReportsDueOn: supervisionReportsDue(received),
      status: RectificationStatus.Concentrated,
      openedAt: new Date(payload.openedAt),
      updatedAt: new Date(),
    });
    await manager.insert(Rectification, record);
    await trackInspectedDeadlines(this.deadlines, ctx, record);
  }

  /** At the node that keeps the lists: a look-back reopens tasks with new due dates. */
  async reopened(ctx: DeliveryContext<typeof MessageType.RectificationReopened>): Promise<void> {
    const { payload } = ctx;
    const record = await this.inspectedCopy(ctx, payload.rectificationId);
    for (const item of payload.items) if (!isLocalDate(item.dueOn)) throw new InvalidPayloadError(`new due date ${item.dueOn} is not a calendar date`);
    try {
      await this.reopenings.apply(ctx, record, payload.roundId, payload.reopeningId, payload.items, new Date(payload.reopenedAt));
    } catch (error) {
      if (error instanceof RectificationException) throw new InvalidPayloadError(error.message);
      throw error;
    }
  }

  /** At the supervising level: the progress report reaches its discipline organ (copied to the other two offices). */
  async progressReported(ctx: DeliveryContext<typeof MessageType.RectificationProgressReported>): Promise<void> {
    const { manager, payload } = ctx;
    const record = await this.supervisingCopy(ctx, payload.rectificationId);
    if (record.status !== RectificationStatus.Concentrated) return;
    const submittedAt = new Date(payload.submittedAt);
    Object.assign(record, {
      status: this.after(record, RectificationAct.ReportProgress),
      progressReportedAt: submittedAt,
      democraticLifeMeetingOn: payload.democraticLifeMeetingOn,
      updatedAt: new Date(),
    });
    await manager.save(record);
    await manager.insert(RectificationReport, { nodeId: record.nodeId, id: payload.reportId, rectificationId: record.id, kind: RectificationReportKind.Progress, summary: payload.summary, items: payload.items, submittedAt });
  }

  /** At the inspected node: the written review opinion; publication is due within a month of today. */
  async reviewed(ctx: DeliveryContext<typeof MessageType.RectificationReviewed>): Promise<void> {
    const { manager, node, payload } = ctx;
    const record = await this.inspectedCopy(ctx, payload.rectificationId);
    if (record.status !== RectificationStatus.ProgressReported) return;
    const receivedOn = localDateOf(new Date());
    Object.assign(record, {
      status: this.after(record, RectificationAct.IssueReview),
      reviewOverall: payload.overall,
      reviewIssuedAt: new Date(payload.issuedAt),
      reviewReceivedOn: receivedOn,
      publicationDueOn: publicationDue(receivedOn),
      updatedAt: new Date(),
    });
    await manager.save(record);
    const opinions: Array<[ReviewOffice, string]> = [
      [ReviewOffice.Discipline, payload.disciplineOpinion],
      [ReviewOffice.Organization, payload.organizationOpinion],
      [ReviewOffice.InspectionOffice, payload.inspectionOfficeOpinion],
    ];
    await manager.insert(
      RectificationReviewOpinion,
      opinions.map(([office, opinion]) => ({ nodeId: node.id, rectificationId: record.id, office, opinion, recordedAt: record.reviewIssuedAt! })),
    );
    await this.deadlines.track(ctx, node.id, { kind: DeadlineKind.Publication, recordId: record.id, subjectId: record.id, title: deadlineTitle(record, '整改情况公开'), dueOn: record.publicationDueOn!, supervisingNodeId: record.supervisingNodeId });
  }

  async published(ctx: DeliveryContext<typeof MessageType.RectificationPublished>): Promise<void> {
    const record = await this.supervisingCopy(ctx, ctx.payload.rectificationId);
    if (record.status !== RectificationStatus.Reviewed) return;
    Object.assign(record, {
      status: this.after(record, RectificationAct.Publish),
      internalNoticeOn: ctx.payload.internalNoticeOn,
      publicDisclosureOn: ctx.payload.publicDisclosureOn,
      updatedAt: new Date(),
    });
    await ctx.manager.save(record);
  }

  async followUpReported(ctx: DeliveryContext<typeof MessageType.RectificationFollowUpReported>): Promise<void> {
    const { manager, payload } = ctx;
    const record = await this.supervisingCopy(ctx, payload.rectificationId);
    if (await manager.existsBy(RectificationReport, { nodeId: record.nodeId, id: payload.reportId })) return;
    await manager.insert(RectificationReport, { nodeId: record.nodeId, id: payload.reportId, rectificationId: record.id, kind: RectificationReportKind.FollowUp, summary: payload.summary, items: [], submittedAt: new Date(payload.submittedAt) });
  }

  private after(record: Rectification, act: RectificationAct): RectificationStatus {
    try {
      return rectificationAfter(record.status, act);
    } catch (error) {
      throw new InvalidPayloadError(`rectification ${record.id}: ${(error as Error).message}`);
    }
  }

  private async supervisingCopy(ctx: DeliveryContext, id: string): Promise<Rectification> {
    const record = await ctx.manager.findOne(Rectification, { where: { nodeId: ctx.node.id, id }, lock: { mode: 'pessimistic_write' } });
    if (!record || record.supervisingNodeId !== ctx.node.id || record.inspectedNodeId !== ctx.envelope.origin) {
      throw new InvalidPayloadError(`${ctx.envelope.origin} reports on no rectification ${id} supervised by ${ctx.node.id}`);
    }
    return record;
  }

  private async inspectedCopy(ctx: DeliveryContext, id: string): Promise<Rectification> {
    const record = await ctx.manager.findOne(Rectification, { where: { nodeId: ctx.node.id, id }, lock: { mode: 'pessimistic_write' } });
    if (!record || record.inspectedNodeId !== ctx.node.id || record.supervisingNodeId !== ctx.envelope.origin) {
      throw new InvalidPayloadError(`${ctx.envelope.origin} supervises no rectification ${id} of ${ctx.node.id}`);
    }
    return record;
  }
}
