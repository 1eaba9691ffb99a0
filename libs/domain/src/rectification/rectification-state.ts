import { RectificationStatus, TaskStatus } from './rectification.enums';
import { RectificationErrorCode, RectificationException } from './rectification.exception';

export enum RectificationAct {
  PlanTasks = 'plan tasks',
  ReportProgress = 'report progress',
  RecordReviewOpinion = 'record a review opinion',
  IssueReview = 'issue the review opinion',
  Publish = 'publish',
  FileFollowUp = 'file a follow-up report',
}

const { Concentrated, ProgressReported, Reviewed, Published } = RectificationStatus;

/** In which states each act is allowed, and the state it leads to. */
const RULES: { readonly [A in RectificationAct]: { from: readonly RectificationStatus[]; to?: RectificationStatus } } = {
  [RectificationAct.PlanTasks]: { from: [Concentrated] },
  [RectificationAct.ReportProgress]: { from: [Concentrated], to: ProgressReported },
  [RectificationAct.RecordReviewOpinion]: { from: [ProgressReported] },
  [RectificationAct.IssueReview]: { from: [ProgressReported], to: Reviewed },
  [RectificationAct.Publish]: { from: [Reviewed], to: Published },
  [RectificationAct.FileFollowUp]: { from: [ProgressReported, Reviewed, Published] },
};

/** The one place that decides what a rectification may do next; returns the state after the act. */
export function rectificationAfter(status: RectificationStatus, act: RectificationAct): RectificationStatus {
  const rule = RULES[act];
  if (!rule.from.includes(status)) {
    throw new RectificationException(RectificationErrorCode.InvalidTransition, `cannot ${act} while the rectification is ${status} (only when ${rule.from.join(' or ')})`);
  }
  return rule.to ?? status;
}

export interface TaskProgress {
  status: TaskStatus;
  longTerm: boolean;
  openStages: number;
}

/** A task is done once; a long-term task only when each staged goal is reached. */
export function completeTask(task: TaskProgress): TaskStatus {
  if (task.status === TaskStatus.Done) throw new RectificationException(RectificationErrorCode.TaskDone, 'the task is already done');
  if (task.longTerm && task.openStages > 0) {
    throw new RectificationException(RectificationErrorCode.StagesOpen, `the long-term task still has ${task.openStages} staged goal(s) open`);
  }
  return TaskStatus.Done;
}
