import { FederationTransactions, MessageType, RectificationItemSnapshot, UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { DeadlineKind } from '../deadlines/deadline.enums';
import { DeadlineTracker } from '../deadlines/deadline-tracker.service';
import { compareDates } from '../deadlines/local-date';
import { isWithinConcentratedPeriod } from '../deadlines/rectification-rules';
import {
  CompleteRectificationStageInput,
  CompleteRectificationTaskInput,
  PlanRectificationProblemInput,
  RecordDemocraticLifeMeetingInput,
  RecordRectificationPublicationInput,
  RectificationReportInput,
  RectificationTaskInput,
} from './dto/rectification.inputs';
import { Rectification } from './rectification.entity';
import { RectificationReportKind, TaskStatus } from './rectification.enums';
import { RectificationErrorCode, RectificationException } from './rectification.exception';
import { RectificationProblem, RectificationStage, RectificationTask } from './rectification-item.entity';
import { RectificationActor, RectificationRecords, RectificationSide, deadlineTitle, isSingleCopy } from './rectification-records';
import { RectificationReopenings } from './rectification-reopenings';
import { RectificationReport } from './rectification-report.entity';
import { RectificationAct, completeTask, rectificationAfter } from './rectification-state';

/**
 * The inspected organisation's side (整改主体责任): problem, task and responsibility lists worked
 * through in the concentrated period, the special democratic-life meeting, the progress report,
 * publication after the review and later reports on long-term tasks. Each step meets its deadline.
 */
@Injectable()
export class RectificationWork {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly records: RectificationRecords,
    private readonly deadlines: DeadlineTracker,
    private readonly reopenings: RectificationReopenings,
  ) {}

  /** 问题清单、任务清单、责任清单: a problem with its tasks, who answers for each and by when. */
  async planProblem(input: PlanRectificationProblemInput, actor: RectificationActor = {}): Promise<RectificationProblem> {
    return this.transactions.run(async (tx) => {
      const record = await this.records.load(tx.manager, input.nodeId, input.rectificationId, RectificationSide.Inspected, actor);
      rectificationAfter(record.status, RectificationAct.PlanTasks);
      input.tasks.forEach((task) => this.assertTaskDates(record, task));
      const problem = Object.assign(new RectificationProblem(), { nodeId: input.nodeId, id: randomUUID(), rectificationId: record.id, description: input.description, createdAt: new Date() });
      await tx.manager.insert(RectificationProblem, problem);
      for (const task of input.tasks) await this.addTask(tx, record, problem, task);
      return problem;
    });
  }

  async completeTask(input: CompleteRectificationTaskInput, actor: RectificationActor = {}): Promise<RectificationTask> {
    return this.transactions.run(async (tx) => {
      const task = await this.task(tx.manager, input.nodeId, input.taskId, actor);
      const openStages = await tx.manager.countBy(RectificationStage, { nodeId: input.nodeId, taskId: task.id, doneAt: IsNull() });
      Object.assign(task, { status: completeTask({ ...task, openStages }), doneAt: new Date(), completionNote: input.note ?? null });
      if (!task.longTerm) await this.deadlines.meet(tx, input.nodeId, DeadlineKind.RectificationTask, task.id);
      await this.reopenings.met(tx, input.nodeId, task.id);
      await tx.manager.save(task);
      return task;
    });
  }

  async completeStage(input: CompleteRectificationStageInput, actor: RectificationActor = {}): Promise<RectificationStage> {
    return this.transactions.run(async (tx) => {
      this.records.assertServed(input.nodeId);
      const stage = await tx.manager.findOne(RectificationStage, { where: { nodeId: input.nodeId, id: input.stageId }, lock: { mode: 'pessimistic_write' } });
      if (!stage) throw new RectificationException(RectificationErrorCode.TaskNotFound, `node ${input.nodeId} has no staged goal ${input.stageId}`);
      this.records.assertActor(await tx.manager.findOneByOrFail(Rectification, { nodeId: input.nodeId, id: stage.rectificationId }), actor);
      if (stage.doneAt) throw new RectificationException(RectificationErrorCode.TaskDone, 'the staged goal is already reached');
      await this.deadlines.meet(tx, input.nodeId, DeadlineKind.RectificationStage, stage.id);
      stage.doneAt = new Date();
      await tx.manager.save(stage);
      return stage;
    });
  }

  /** 集中整改期内，应召开领导班子巡视整改专题民主生活会. */
  async recordMeeting(input: RecordDemocraticLifeMeetingInput, actor: RectificationActor = {}): Promise<Rectification> {
    return this.transactions.run(async (tx) => {
      const record = await this.records.load(tx.manager, input.nodeId, input.rectificationId, RectificationSide.Inspected, actor);
      this.records.assertNotFuture(input.heldOn, 'the meeting date');
      if (compareDates(input.heldOn, record.feedbackReceivedOn) < 0) {
        throw new RectificationException(RectificationErrorCode.InvalidDate, `the meeting on ${input.heldOn} was before the feedback of ${record.feedbackReceivedOn}`);
      }
      await this.deadlines.meet(tx, input.nodeId, DeadlineKind.DemocraticLifeMeeting, record.id);
      Object.assign(record, { democraticLifeMeetingOn: input.heldOn, updatedAt: new Date() });
      return tx.manager.save(record);
    });
  }

  /** 集中整改进展情况报告, to the supervising level's discipline organ with copies to its organisation department and inspection office. */
  async submitProgressReport(input: RectificationReportInput, actor: RectificationActor = {}): Promise<Rectification> {
    return this.transactions.run(async (tx) => {
      const record = await this.records.load(tx.manager, input.nodeId, input.rectificationId, RectificationSide.Inspected, actor);
      const now = new Date();
      Object.assign(record, { status: rectificationAfter(record.status, RectificationAct.ReportProgress), progressReportedAt: now, updatedAt: now });
      await this.deadlines.meet(tx, input.nodeId, DeadlineKind.ProgressReport, record.id);
      const report = Object.assign(new RectificationReport(), {
        nodeId: input.nodeId,
        id: randomUUID(),
        rectificationId: record.id,
        kind: RectificationReportKind.Progress,
        summary: input.summary,
        items: await this.snapshot(tx.manager, record),
        submittedAt: now,
      });
      await tx.manager.save(record);
      await tx.manager.insert(RectificationReport, report);
      if (!isSingleCopy(record)) tx.emit({
        type: MessageType.RectificationProgressReported,
        from: input.nodeId,
        destination: record.supervisingNodeId,
        correlationId: record.id,
        payload: { rectificationId: record.id, reportId: report.id, summary: report.summary, items: report.items, democraticLifeMeetingOn: record.democraticLifeMeetingOn, submittedAt: now.toISOString() },
      });
      return record;
    });
  }

  /** 整改情况公开: internal notice and public disclosure, within a month of receiving the review opinion. */
  async recordPublication(input: RecordRectificationPublicationInput, actor: RectificationActor = {}): Promise<Rectification> {
    return this.transactions.run(async (tx) => {
      const record = await this.records.load(tx.manager, input.nodeId, input.rectificationId, RectificationSide.Inspected, actor);
      const status = rectificationAfter(record.status, RectificationAct.Publish);
      for (const [date, what] of [[input.internalNoticeOn, 'the internal notice'], [input.publicDisclosureOn, 'the public disclosure']] as const) {
        this.records.assertNotFuture(date, what);
        if (record.reviewReceivedOn && compareDates(date, record.reviewReceivedOn) < 0) {
          throw new RectificationException(RectificationErrorCode.InvalidDate, `${what} on ${date} was before the review opinion arrived (${record.reviewReceivedOn})`);
        }
      }
      await this.deadlines.meet(tx, input.nodeId, DeadlineKind.Publication, record.id);
      const now = new Date();
      Object.assign(record, { status, internalNoticeOn: input.internalNoticeOn, publicDisclosureOn: input.publicDisclosureOn, updatedAt: now });
      await tx.manager.save(record);
      if (!isSingleCopy(record)) tx.emit({
        type: MessageType.RectificationPublished,
        from: input.nodeId,
        destination: record.supervisingNodeId,
        correlationId: record.id,
        payload: { rectificationId: record.id, internalNoticeOn: input.internalNoticeOn, publicDisclosureOn: input.publicDisclosureOn, publishedAt: now.toISOString() },
      });
      return record;
    });
  }

  /** 后续整改情况报告 on long-term tasks, after the progress report. */
  async fileFollowUp(input: RectificationReportInput, actor: RectificationActor = {}): Promise<RectificationReport> {
    return this.transactions.run(async (tx) => {
      const record = await this.records.load(tx.manager, input.nodeId, input.rectificationId, RectificationSide.Inspected, actor);
      rectificationAfter(record.status, RectificationAct.FileFollowUp);
      const report = Object.assign(new RectificationReport(), {
        nodeId: input.nodeId,
        id: randomUUID(),
        rectificationId: record.id,
        kind: RectificationReportKind.FollowUp,
        summary: input.summary,
        items: await this.snapshot(tx.manager, record),
        submittedAt: new Date(),
      });
      await tx.manager.insert(RectificationReport, report);
      if (!isSingleCopy(record)) tx.emit({
        type: MessageType.RectificationFollowUpReported,
        from: input.nodeId,
        destination: record.supervisingNodeId,
        correlationId: record.id,
        payload: { rectificationId: record.id, reportId: report.id, summary: report.summary, submittedAt: report.submittedAt.toISOString() },
      });
      return report;
    });
  }

  private assertTaskDates(record: Rectification, task: RectificationTaskInput): void {
    if (task.longTerm) {
      if (task.stages.length === 0) throw new RectificationException(RectificationErrorCode.StagesRequired, `the long-term task "${task.measure}" needs staged goals (分阶段明确目标)`);
      for (const stage of task.stages) {
        if (compareDates(stage.dueOn, record.feedbackReceivedOn) < 0) {
          throw new RectificationException(RectificationErrorCode.InvalidDate, `the staged goal "${stage.goal}" is due before the feedback of ${record.feedbackReceivedOn}`);
        }
      }
      return;
    }
    if (!task.dueOn || !isWithinConcentratedPeriod(record.feedbackReceivedOn, task.dueOn)) {
      throw new RectificationException(
        RectificationErrorCode.OutsideConcentratedPeriod,
        `the task "${task.measure}" must be due within the concentrated period, ${record.feedbackReceivedOn} to ${record.concentratedEndsOn}, or be marked long-term`,
      );
    }
  }

  private async addTask(work: UnitOfWork, record: Rectification, problem: RectificationProblem, input: RectificationTaskInput): Promise<void> {
    const task = Object.assign(new RectificationTask(), {
      nodeId: record.nodeId,
      id: randomUUID(),
      rectificationId: record.id,
      problemId: problem.id,
      measure: input.measure,
      responsible: input.responsible,
      dueOn: input.longTerm ? null : input.dueOn!,
      longTerm: input.longTerm,
      status: TaskStatus.Open,
      doneAt: null,
      completionNote: null,
    });
    await work.manager.insert(RectificationTask, task);
    if (!task.longTerm) {
      await this.deadlines.track(work, record.nodeId, { kind: DeadlineKind.RectificationTask, recordId: record.id, subjectId: task.id, title: deadlineTitle(record, task.measure), dueOn: task.dueOn!, supervisingNodeId: record.supervisingNodeId });
    }
    for (const goal of input.longTerm ? input.stages : []) {
      const stage = Object.assign(new RectificationStage(), { nodeId: record.nodeId, id: randomUUID(), taskId: task.id, rectificationId: record.id, goal: goal.goal, dueOn: goal.dueOn, doneAt: null });
      await work.manager.insert(RectificationStage, stage);
      await this.deadlines.track(work, record.nodeId, { kind: DeadlineKind.RectificationStage, recordId: record.id, subjectId: stage.id, title: deadlineTitle(record, `${task.measure}（阶段目标：${stage.goal}）`), dueOn: stage.dueOn, supervisingNodeId: record.supervisingNodeId });
    }
  }

  private async task(manager: EntityManager, nodeId: string, id: string, actor: RectificationActor): Promise<RectificationTask> {
    this.records.assertServed(nodeId);
    const task = await manager.findOne(RectificationTask, { where: { nodeId, id }, lock: { mode: 'pessimistic_write' } });
    if (!task) throw new RectificationException(RectificationErrorCode.TaskNotFound, `node ${nodeId} has no rectification task ${id}`);
    this.records.assertActor(await manager.findOneByOrFail(Rectification, { nodeId, id: task.rectificationId }), actor);
    return task;
  }

  private async snapshot(manager: EntityManager, record: Rectification): Promise<RectificationItemSnapshot[]> {
    const rows: Array<{ id: string; problem: string; measure: string; responsible: string; due_on: string | null; long_term: boolean; status: TaskStatus }> = await manager.query(
      `SELECT t.id, p.description AS problem, t.measure, t.responsible, t.due_on::text AS due_on, t.long_term, t.status
       FROM rectification_task t JOIN rectification_problem p ON p.node_id = t.node_id AND p.id = t.problem_id
       WHERE t.node_id = $1 AND t.rectification_id = $2 ORDER BY p.created_at, t.due_on NULLS LAST, t.measure`,
      [record.nodeId, record.id],
    );
    return rows.map((row) => ({ taskId: row.id, problem: row.problem, measure: row.measure, responsible: row.responsible, dueOn: row.due_on, longTerm: row.long_term, done: row.status === TaskStatus.Done }));
  }
}
