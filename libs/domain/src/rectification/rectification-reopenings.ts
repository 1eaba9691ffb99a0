import { UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeadlineKind } from '../deadlines/deadline.enums';
import { DeadlineTracker } from '../deadlines/deadline-tracker.service';
import { democraticLifeMeetingDue } from '../deadlines/rectification-rules';
import { Rectification } from './rectification.entity';
import { TaskStatus } from './rectification.enums';
import { RectificationErrorCode, RectificationException } from './rectification.exception';
import { RectificationReopening, RectificationTask } from './rectification-item.entity';
import { deadlineTitle } from './rectification-records';

/** The clocks the inspected side owes from the day it received the feedback (seed 000). */
export async function trackInspectedDeadlines(deadlines: DeadlineTracker, work: UnitOfWork, record: Rectification): Promise<void> {
  const common = { recordId: record.id, subjectId: record.id, supervisingNodeId: record.supervisingNodeId };
  await deadlines.track(work, record.inspectedNodeId, { ...common, kind: DeadlineKind.ProgressReport, title: deadlineTitle(record, '集中整改进展情况报告'), dueOn: record.progressReportDueOn });
  await deadlines.track(work, record.inspectedNodeId, { ...common, kind: DeadlineKind.DemocraticLifeMeeting, title: deadlineTitle(record, '巡视整改专题民主生活会'), dueOn: democraticLifeMeetingDue(record.feedbackReceivedOn) });
}

/**
 * 回头看 at the node that keeps the lists: each task named opens again with its new due date, its
 * earlier state kept in a reopening row beside it; the new date is tracked like any task's.
 */
@Injectable()
export class RectificationReopenings {
  constructor(private readonly deadlines: DeadlineTracker) {}

  /** Returns false when these items were reopened already (a redelivery). */
  async apply(work: UnitOfWork, record: Rectification, roundId: string, reopeningId: string, items: ReadonlyArray<{ taskId: string; reason: string; dueOn: string }>, now: Date): Promise<boolean> {
    const m = work.manager;
    if (await m.existsBy(RectificationReopening, { nodeId: record.nodeId, id: reopeningId })) return false;
    for (const [i, item] of items.entries()) {
      const task = await m.findOne(RectificationTask, { where: { nodeId: record.nodeId, id: item.taskId, rectificationId: record.id }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw new RectificationException(RectificationErrorCode.TaskNotFound, `rectification ${record.id} has no task ${item.taskId}`);
      const reopening = Object.assign(new RectificationReopening(), {
        nodeId: record.nodeId,
        id: i === 0 ? reopeningId : randomUUID(),
        rectificationId: record.id,
        taskId: task.id,
        roundId,
        reason: item.reason,
        previousStatus: task.status,
        previousDueOn: task.dueOn,
        previousDoneAt: task.doneAt,
        previousNote: task.completionNote,
        dueOn: item.dueOn,
        reopenedAt: now,
      });
      await m.insert(RectificationReopening, reopening);
      Object.assign(task, { status: TaskStatus.Open, dueOn: item.dueOn, longTerm: false, doneAt: null, completionNote: null });
      await m.save(task);
      await this.deadlines.track(work, record.nodeId, {
        kind: DeadlineKind.RectificationTask,
        recordId: record.id,
        subjectId: reopening.id,
        title: deadlineTitle(record, `${task.measure}（回头看重新整改）`),
        dueOn: item.dueOn,
        supervisingNodeId: record.supervisingNodeId,
      });
    }
    return true;
  }

  /** A reopened task done again meets the deadline of its reopening too. */
  async met(work: UnitOfWork, nodeId: string, taskId: string): Promise<void> {
    const reopenings = await work.manager.find(RectificationReopening, { where: { nodeId, taskId } });
    for (const reopening of reopenings) await this.deadlines.meet(work, nodeId, DeadlineKind.RectificationTask, reopening.id);
  }
}
