import { Role } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DeadlineStatus } from '../deadlines/deadline.enums';
import { DeadlineService } from '../deadlines/deadline.service';
import { isOverdue } from '../deadlines/local-date';
import { Rectification } from './rectification.entity';
import { RectificationReportKind, RectificationStatus, TaskStatus } from './rectification.enums';
import { RectificationErrorCode, RectificationException } from './rectification.exception';
import { RectificationProblem, RectificationReopening, RectificationStage, RectificationTask } from './rectification-item.entity';
import { RectificationActor, RectificationRecords, sideOf } from './rectification-records';
import { RectificationReport, RectificationReviewOpinion } from './rectification-report.entity';
import { RectificationDetail, RectificationReopeningView, RectificationReportView, RectificationView, RectificationResponsibilityView, RectificationStageView, RectificationTaskView } from './rectification.types';

/** The progress report goes to the discipline organ, copied to the organisation department and the inspection office. */
const ROUTING: Record<RectificationReportKind, { addressedTo: Role; copiedTo: Role[] }> = {
  [RectificationReportKind.Progress]: { addressedTo: Role.Discipline, copiedTo: [Role.Organization, Role.InspectionOffice] },
  [RectificationReportKind.FollowUp]: { addressedTo: Role.Discipline, copiedTo: [Role.Organization, Role.InspectionOffice] },
  [RectificationReportKind.SupervisionDiscipline]: { addressedTo: Role.LeadingGroup, copiedTo: [Role.InspectionOffice] },
  [RectificationReportKind.SupervisionOrganization]: { addressedTo: Role.LeadingGroup, copiedTo: [Role.InspectionOffice] },
};

@Injectable()
export class RectificationQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: RectificationRecords,
    private readonly deadlines: DeadlineService,
  ) {}

  async list(nodeId: string, statuses: RectificationStatus[] | null, actor: RectificationActor = {}): Promise<RectificationView[]> {
    this.records.assertServed(nodeId);
    const found = await this.dataSource.manager.find(Rectification, {
      where: { nodeId, ...(statuses?.length ? { status: In(statuses) } : {}), ...(actor.organisationId ? { organisationId: actor.organisationId } : {}) },
      order: { feedbackReceivedOn: 'DESC', organisation: 'ASC' },
      take: 500,
    });
    return found.map((record) => toView(record, actor));
  }

  async detail(nodeId: string, id: string, actor: RectificationActor = {}, now = new Date()): Promise<RectificationDetail> {
    this.records.assertServed(nodeId);
    const manager = this.dataSource.manager;
    const record = await manager.findOneBy(Rectification, { nodeId, id });
    if (!record) throw new RectificationException(RectificationErrorCode.NotFound, `node ${nodeId} has no rectification ${id}`);
    this.records.assertReadable(record, actor);
    const [problems, tasks, stages, opinions, reports, deadlines, reopenings] = await Promise.all([
      manager.find(RectificationProblem, { where: { nodeId, rectificationId: id }, order: { createdAt: 'ASC' } }),
      manager.find(RectificationTask, { where: { nodeId, rectificationId: id }, order: { dueOn: 'ASC', measure: 'ASC' } }),
      manager.find(RectificationStage, { where: { nodeId, rectificationId: id }, order: { dueOn: 'ASC' } }),
      manager.find(RectificationReviewOpinion, { where: { nodeId, rectificationId: id }, order: { office: 'ASC' } }),
      manager.find(RectificationReport, { where: { nodeId, rectificationId: id }, order: { submittedAt: 'ASC' } }),
      this.deadlines.list(nodeId, { statuses: Object.values(DeadlineStatus), recordId: id, limit: 1000 }),
      manager.find(RectificationReopening, { where: { nodeId, rectificationId: id }, order: { reopenedAt: 'ASC' } }),
    ]);
    const taskViews = tasks.map((task) => toTaskView(task, stages.filter((stage) => stage.taskId === task.id), now, reopenings.filter((r) => r.taskId === task.id)));
    return {
      rectification: toView(record, actor),
      reopenings: reopenings.map(toReopeningView),
      problems: problems.map((problem) => ({ id: problem.id, description: problem.description, tasks: taskViews.filter((_, i) => tasks[i].problemId === problem.id) })),
      responsibilities: responsibilities(tasks),
      reviewOpinions: opinions,
      reports: reports.map(toReportView),
      deadlines,
    };
  }

  async task(nodeId: string, id: string, now = new Date()): Promise<RectificationTaskView> {
    const task = await this.dataSource.manager.findOneByOrFail(RectificationTask, { nodeId, id });
    const stages = await this.dataSource.manager.find(RectificationStage, { where: { nodeId, taskId: id }, order: { dueOn: 'ASC' } });
    const reopenings = await this.dataSource.manager.find(RectificationReopening, { where: { nodeId, taskId: id }, order: { reopenedAt: 'ASC' } });
    return toTaskView(task, stages, now, reopenings);
  }
}

export function toView(record: Rectification, actor: RectificationActor = {}): RectificationView {
  const optional = <T>(value: T | null) => value ?? undefined;
  return {
    ...record,
    side: sideOf(record, actor),
    democraticLifeMeetingOn: optional(record.democraticLifeMeetingOn),
    progressReportedAt: optional(record.progressReportedAt),
    reviewOverall: optional(record.reviewOverall),
    reviewReceivedOn: optional(record.reviewReceivedOn),
    publicationDueOn: optional(record.publicationDueOn),
    internalNoticeOn: optional(record.internalNoticeOn),
    publicDisclosureOn: optional(record.publicDisclosureOn),
  };
}

export function toReportView(report: RectificationReport): RectificationReportView {
  return {
    id: report.id,
    kind: report.kind,
    summary: report.summary,
    items: report.items.map((item) => ({ ...item, dueOn: item.dueOn ?? undefined })),
    submittedAt: report.submittedAt,
    ...ROUTING[report.kind],
  };
}

export function toStageView(stage: RectificationStage, now: Date): RectificationStageView {
  return { id: stage.id, goal: stage.goal, dueOn: stage.dueOn, doneAt: stage.doneAt ?? undefined, overdue: !stage.doneAt && isOverdue(stage.dueOn, now) };
}

export function toReopeningView(row: RectificationReopening): RectificationReopeningView {
  return { ...row, previousDueOn: row.previousDueOn ?? undefined, previousDoneAt: row.previousDoneAt ?? undefined, previousNote: row.previousNote ?? undefined };
}

function toTaskView(task: RectificationTask, stages: RectificationStage[], now: Date, reopenings: RectificationReopening[] = []): RectificationTaskView {
  const stageViews = stages.map((stage) => toStageView(stage, now));
  const open = task.status === TaskStatus.Open;
  return {
    id: task.id,
    measure: task.measure,
    responsible: task.responsible,
    dueOn: task.dueOn ?? undefined,
    longTerm: task.longTerm,
    status: task.status,
    doneAt: task.doneAt ?? undefined,
    completionNote: task.completionNote ?? undefined,
    overdue: open && (task.dueOn ? isOverdue(task.dueOn, now) : stageViews.some((stage) => stage.overdue)),
    stages: stageViews,
    reopenings: reopenings.map(toReopeningView),
  };
}

function responsibilities(tasks: RectificationTask[]): RectificationResponsibilityView[] {
  const byResponsible = new Map<string, RectificationResponsibilityView>();
  for (const task of tasks) {
    const entry = byResponsible.get(task.responsible) ?? { responsible: task.responsible, tasks: 0, open: 0 };
    entry.tasks += 1;
    if (task.status === TaskStatus.Open) entry.open += 1;
    byResponsible.set(task.responsible, entry);
  }
  return [...byResponsible.values()].sort((a, b) => a.responsible.localeCompare(b.responsible, 'zh'));
}
