import { FederationTransactions, HostContext, MessageType, UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeadlineKind } from '../deadlines/deadline.enums';
import { DeadlineTracker } from '../deadlines/deadline-tracker.service';
import { localDateOf } from '../deadlines/local-date';
import { concentratedRectificationEnds, isConcentratedPeriodOver, progressReportDue, publicationDue, supervisionReportsDue } from '../deadlines/rectification-rules';
import { DeliverRectificationFeedbackInput, FileRectificationSupervisionReportInput, IssueRectificationReviewInput, RecordRectificationReviewOpinionInput } from './dto/rectification.inputs';
import { Rectification } from './rectification.entity';
import { RectificationReportKind, RectificationStatus, ReviewOffice, TaskStatus } from './rectification.enums';
import { RectificationReopening } from './rectification-item.entity';
import { RectificationReopenings, trackInspectedDeadlines } from './rectification-reopenings';
import { RectificationErrorCode, RectificationException } from './rectification.exception';
import { RectificationRecords, RectificationSide, deadlineTitle, isSingleCopy } from './rectification-records';
import { RectificationReport, RectificationReviewOpinion } from './rectification-report.entity';
import { RectificationAct, rectificationAfter } from './rectification-state';

export interface OrganisationFeedback {
  supervisingNodeId: string;
  /** Where the organisation is served: its own region's node, else the node that inspects it. */
  homeNodeId: string;
  organisation: string;
  organisationId: string | null;
  organisationNodeId: string | null;
  roundId: string | null;
  feedbackReceivedOn: string;
  feedbackSummary: string;
}

export interface ReopenSpec {
  nodeId: string;
  rectificationId: string;
  roundId: string;
  items: Array<{ taskId: string; reason: string; dueOn: string }>;
}

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
    private readonly reopening: RectificationReopenings,
  ) {}

  /** 巡视反馈 to a child's organisation (the API before the register): starts the clock of every deadline. */
  async deliverFeedback(input: DeliverRectificationFeedbackInput): Promise<Rectification> {
    this.records.assertServed(input.nodeId);
    if (this.host.registry.find(input.inspectedNodeId)?.parentId !== input.nodeId) {
      throw new RectificationException(RectificationErrorCode.NotAChild, `${input.inspectedNodeId} is not a child of ${input.nodeId}: feedback goes to the level directly below`);
    }
    return this.transactions.run((tx) =>
      this.open(tx, { supervisingNodeId: input.nodeId, homeNodeId: input.inspectedNodeId, organisation: input.organisation, organisationId: null, organisationNodeId: input.inspectedNodeId, roundId: null, feedbackReceivedOn: input.feedbackReceivedOn, feedbackSummary: input.feedbackSummary }),
    );
  }

  /**
   * A round's feedback to an organisation of the register, in the round's unit of work. The
   * rectification is served where the organisation is: at its own region's node, else at the node
   * that inspects it — which may be this very node, and then one row is both sides.
   */
  async openForOrganisation(work: UnitOfWork, spec: OrganisationFeedback): Promise<string> {
    return (await this.open(work, spec)).id;
  }

  private async open(work: UnitOfWork, spec: OrganisationFeedback): Promise<Rectification> {
    this.records.assertServed(spec.supervisingNodeId);
    this.records.assertNotFuture(spec.feedbackReceivedOn, 'the feedback date');
    const now = new Date();
    const received = spec.feedbackReceivedOn;
    const record = Object.assign(new Rectification(), {
      nodeId: spec.supervisingNodeId,
      id: randomUUID(),
      supervisingNodeId: spec.supervisingNodeId,
      inspectedNodeId: spec.homeNodeId,
      organisation: spec.organisation,
      organisationId: spec.organisationId,
      organisationNodeId: spec.organisationNodeId,
      roundId: spec.roundId,
      feedbackSummary: spec.feedbackSummary,
      feedbackReceivedOn: received,
      concentratedEndsOn: concentratedRectificationEnds(received),
      progressReportDueOn: progressReportDue(received),
      supervisionReportsDueOn: supervisionReportsDue(received),
      status: RectificationStatus.Concentrated,
      openedAt: now,
      updatedAt: now,
    });
    await work.manager.insert(Rectification, record);
    for (const [office, kind] of Object.entries(SUPERVISION_DEADLINE)) {
      const who = office === ReviewOffice.Discipline ? '纪检监察机关' : '组织部门';
      await this.deadlines.track(work, record.nodeId, { kind, recordId: record.id, subjectId: record.id, title: deadlineTitle(record, `整改监督情况报告（${who}）`), dueOn: record.supervisionReportsDueOn });
    }
    if (isSingleCopy(record)) {
      await trackInspectedDeadlines(this.deadlines, work, record);
      return record;
    }
    work.emit({
      type: MessageType.RectificationOpened,
      from: record.supervisingNodeId,
      destination: record.inspectedNodeId,
      correlationId: record.id,
      payload: {
        rectificationId: record.id,
        supervisingNodeId: record.supervisingNodeId,
        organisation: record.organisation,
        feedbackReceivedOn: record.feedbackReceivedOn,
        feedbackSummary: record.feedbackSummary,
        openedAt: now.toISOString(),
        ...(record.organisationId ? { organisationId: record.organisationId, organisationNodeId: record.organisationNodeId } : {}),
        ...(record.roundId ? { roundId: record.roundId } : {}),
      },
    });
    return record;
  }

  /**
   * 回头看: tasks of the rectification open again with new due dates, at the node where the lists are
   * kept. The supervising side keeps what it asked for, with each task's state as last reported.
   */
  async reopenItems(work: UnitOfWork, spec: ReopenSpec): Promise<void> {
    const record = await this.records.load(work.manager, spec.nodeId, spec.rectificationId, RectificationSide.Supervising);
    const reopeningId = randomUUID();
    const now = new Date();
    if (isSingleCopy(record)) {
      await this.reopening.apply(work, record, spec.roundId, reopeningId, spec.items, now);
      return;
    }
    const reports = await work.manager.find(RectificationReport, { where: { nodeId: record.nodeId, rectificationId: record.id }, order: { submittedAt: 'DESC' } });
    const reported = new Map(reports.flatMap((report) => report.items).reverse().filter((item) => item.taskId).map((item) => [item.taskId!, item]));
    const rows = spec.items.map((item, i) => {
      const last = reported.get(item.taskId);
      if (!last) throw new RectificationException(RectificationErrorCode.TaskNotFound, `no report on rectification ${record.id} names task ${item.taskId}`);
      return Object.assign(new RectificationReopening(), {
        nodeId: record.nodeId,
        id: i === 0 ? reopeningId : randomUUID(),
        rectificationId: record.id,
        taskId: item.taskId,
        roundId: spec.roundId,
        reason: item.reason,
        previousStatus: last.done ? TaskStatus.Done : TaskStatus.Open,
        previousDueOn: last.dueOn,
        previousDoneAt: null,
        previousNote: null,
        dueOn: item.dueOn,
        reopenedAt: now,
      });
    });
    await work.manager.insert(RectificationReopening, rows);
    work.emit({
      type: MessageType.RectificationReopened,
      from: record.supervisingNodeId,
      destination: record.inspectedNodeId,
      correlationId: record.id,
      payload: { rectificationId: record.id, roundId: spec.roundId, reopeningId, items: spec.items, reopenedAt: now.toISOString() },
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
      if (isSingleCopy(record)) {
        // The organisation is served here: it receives the opinion today, and the publication clock starts.
        const receivedOn = localDateOf(now);
        Object.assign(record, { reviewReceivedOn: receivedOn, publicationDueOn: publicationDue(receivedOn) });
        await tx.manager.save(record);
        await this.deadlines.track(tx, record.nodeId, { kind: DeadlineKind.Publication, recordId: record.id, subjectId: record.id, title: deadlineTitle(record, '整改情况公开'), dueOn: record.publicationDueOn!, supervisingNodeId: record.supervisingNodeId });
        return record;
      }
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
