import { FederationTransactions, HostContext, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeadlineKind } from '../deadlines/deadline.enums';
import { DeadlineTracker } from '../deadlines/deadline-tracker.service';
import { localDateOf } from '../deadlines/local-date';
import { concentratedRectificationEnds, isConcentratedPeriodOver, progressReportDue, supervisionReportsDue } from '../deadlines/rectification-rules';
import { DeliverRectificationFeedbackInput, FileRectificationSupervisionReportInput, IssueRectificationReviewInput, RecordRectificationReviewOpinionInput } from './dto/rectification.inputs';
import { Rectification } from './rectification.entity';
import { RectificationReportKind, RectificationStatus, ReviewOffice } from './rectification.enums';
import { RectificationErrorCode, RectificationException } from './rectification.exception';
import { RectificationRecords, RectificationSide, deadlineTitle } from './rectification-records';
import { RectificationReport, RectificationReviewOpinion } from './rectification-report.entity';
import { RectificationAct, rectificationAfter } from './rectification-state';

const SUPERVISION_DEADLINE: Partial<Record<ReviewOffice, DeadlineKind>> = {
  [ReviewOffice.Discipline]: DeadlineKind.SupervisionReportDiscipline,
  [ReviewOffice.Organization]: DeadlineKind.SupervisionReportOrganization,
};

/**
 * The supervising level's side (the level that sent the inspection team): it delivers the feedback,
 * its discipline organ leads the review of the progress report combining the organisation
 * department's and the inspection office's opinions, and both file supervision reports.
 */
@Injectable()
export class RectificationSupervision {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly host: HostContext,
    private readonly records: RectificationRecords,
    private readonly deadlines: DeadlineTracker,
  ) {}

  /** 巡视反馈: starts the clock of every deadline on the day the organisation received the feedback. */
  async deliverFeedback(input: DeliverRectificationFeedbackInput): Promise<Rectification> {
    this.records.assertServed(input.nodeId);
    if (this.host.registry.find(input.inspectedNodeId)?.parentId !== input.nodeId) {
      throw new RectificationException(RectificationErrorCode.NotAChild, `${input.inspectedNodeId} is not a child of ${input.nodeId}: feedback goes to the level directly below`);
    }
    this.records.assertNotFuture(input.feedbackReceivedOn, 'the feedback date');
    const now = new Date();
    const record = Object.assign(new Rectification(), {
      nodeId: input.nodeId,
      id: randomUUID(),
      supervisingNodeId: input.nodeId,
      inspectedNodeId: input.inspectedNodeId,
      organisation: input.organisation,
      feedbackSummary: input.feedbackSummary,
      feedbackReceivedOn: input.feedbackReceivedOn,
      concentratedEndsOn: concentratedRectificationEnds(input.feedbackReceivedOn),
      progressReportDueOn: progressReportDue(input.feedbackReceivedOn),
      supervisionReportsDueOn: supervisionReportsDue(input.feedbackReceivedOn),
      status: RectificationStatus.Concentrated,
      openedAt: now,
      updatedAt: now,
    });
    return this.transactions.run(async (tx) => {
      await tx.manager.insert(Rectification, record);
      for (const [office, kind] of Object.entries(SUPERVISION_DEADLINE)) {
        const who = office === ReviewOffice.Discipline ? '纪检监察机关' : '组织部门';
        await this.deadlines.track(tx, input.nodeId, { kind, recordId: record.id, subjectId: record.id, title: deadlineTitle(record, `整改监督情况报告（${who}）`), dueOn: record.supervisionReportsDueOn });
      }
      tx.emit({
        type: MessageType.RectificationOpened,
        from: input.nodeId,
        destination: input.inspectedNodeId,
        correlationId: record.id,
        payload: {
          rectificationId: record.id,
          supervisingNodeId: input.nodeId,
          organisation: record.organisation,
          feedbackReceivedOn: record.feedbackReceivedOn,
          feedbackSummary: record.feedbackSummary,
          openedAt: now.toISOString(),
        },
      });
      return record;
    });
  }

  /** One office's part of the review; recorded again, it replaces that office's earlier text. */
  async recordReviewOpinion(input: RecordRectificationReviewOpinionInput): Promise<Rectification> {
    return this.transactions.run(async (tx) => {
      const record = await this.records.load(tx.manager, input.nodeId, input.rectificationId, RectificationSide.Supervising);
      rectificationAfter(record.status, RectificationAct.RecordReviewOpinion);
      await tx.manager.upsert(RectificationReviewOpinion, { nodeId: input.nodeId, rectificationId: record.id, office: input.office, opinion: input.opinion, recordedAt: new Date() }, [
        'nodeId',
        'rectificationId',
        'office',
      ]);
      return record;
    });
  }

  /** The discipline organ sends the combined review opinion back in writing. */
  async issueReview(input: IssueRectificationReviewInput): Promise<Rectification> {
    return this.transactions.run(async (tx) => {
      const record = await this.records.load(tx.manager, input.nodeId, input.rectificationId, RectificationSide.Supervising);
      const status = rectificationAfter(record.status, RectificationAct.IssueReview);
      const parts = await tx.manager.findBy(RectificationReviewOpinion, { nodeId: input.nodeId, rectificationId: record.id });
      const opinion = new Map(parts.map((part) => [part.office, part.opinion]));
      const missing = Object.values(ReviewOffice).filter((office) => !opinion.has(office));
      if (missing.length > 0) {
        throw new RectificationException(RectificationErrorCode.ReviewIncomplete, `the review combines three opinions; still missing: ${missing.join(', ')}`, { missing });
      }
      const now = new Date();
      Object.assign(record, { status, reviewOverall: input.overall, reviewIssuedAt: now, updatedAt: now });
      await tx.manager.save(record);
      tx.emit({
        type: MessageType.RectificationReviewed,
        from: input.nodeId,
        destination: record.inspectedNodeId,
        correlationId: record.id,
        payload: {
          rectificationId: record.id,
          disciplineOpinion: opinion.get(ReviewOffice.Discipline)!,
          organizationOpinion: opinion.get(ReviewOffice.Organization)!,
          inspectionOfficeOpinion: opinion.get(ReviewOffice.InspectionOffice)!,
          overall: input.overall,
          issuedAt: now.toISOString(),
        },
      });
      return record;
    });
  }

  /** 集中整改期结束3个月内: the discipline organ's or the organisation department's supervision report. */
  async fileSupervisionReport(input: FileRectificationSupervisionReportInput): Promise<RectificationReport> {
    const kind = input.office === ReviewOffice.Discipline ? RectificationReportKind.SupervisionDiscipline : RectificationReportKind.SupervisionOrganization;
    return this.transactions.run(async (tx) => {
      const record = await this.records.load(tx.manager, input.nodeId, input.rectificationId, RectificationSide.Supervising);
      if (!isConcentratedPeriodOver(record.feedbackReceivedOn, localDateOf(new Date()))) {
        throw new RectificationException(RectificationErrorCode.PeriodNotOver, `supervision reports cover the concentrated period, which runs until ${record.concentratedEndsOn}`);
      }
      if (await tx.manager.existsBy(RectificationReport, { nodeId: input.nodeId, rectificationId: record.id, kind })) {
        throw new RectificationException(RectificationErrorCode.AlreadyFiled, `the ${input.office} supervision report was already filed`);
      }
      await this.deadlines.meet(tx, input.nodeId, SUPERVISION_DEADLINE[input.office]!, record.id);
      const report = Object.assign(new RectificationReport(), { nodeId: input.nodeId, id: randomUUID(), rectificationId: record.id, kind, summary: input.summary, items: [], submittedAt: new Date() });
      await tx.manager.insert(RectificationReport, report);
      return report;
    });
  }
}
