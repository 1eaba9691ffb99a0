import { RectificationStatus, TaskStatus } from './rectification.enums';
import { RectificationErrorCode } from './rectification.exception';
import { RectificationAct, completeTask, rectificationAfter } from './rectification-state';

describe('rectification state machine', () => {
  it('runs concentrated → progress reported → reviewed → published', () => {
    let status = RectificationStatus.Concentrated;
    status = rectificationAfter(status, RectificationAct.ReportProgress);
    expect(status).toBe(RectificationStatus.ProgressReported);
    status = rectificationAfter(status, RectificationAct.IssueReview);
    expect(status).toBe(RectificationStatus.Reviewed);
    expect(rectificationAfter(status, RectificationAct.Publish)).toBe(RectificationStatus.Published);
  });

  it('plans tasks only during concentrated rectification', () => {
    expect(rectificationAfter(RectificationStatus.Concentrated, RectificationAct.PlanTasks)).toBe(RectificationStatus.Concentrated);
    expect(() => rectificationAfter(RectificationStatus.ProgressReported, RectificationAct.PlanTasks)).toThrow(
      expect.objectContaining({ code: RectificationErrorCode.InvalidTransition }),
    );
  });

  it.each([
    [RectificationStatus.Concentrated, RectificationAct.IssueReview],
    [RectificationStatus.Concentrated, RectificationAct.Publish],
    [RectificationStatus.Concentrated, RectificationAct.FileFollowUp],
    [RectificationStatus.ProgressReported, RectificationAct.ReportProgress],
    [RectificationStatus.Reviewed, RectificationAct.RecordReviewOpinion],
    [RectificationStatus.Published, RectificationAct.Publish],
  ])('refuses to %s → %s', (status, act) => {
    expect(() => rectificationAfter(status, act)).toThrow(expect.objectContaining({ code: RectificationErrorCode.InvalidTransition, kind: 'CONFLICT' }));
  });

  it('takes follow-up reports on long-term tasks after the progress report', () => {
    for (const status of [RectificationStatus.ProgressReported, RectificationStatus.Reviewed, RectificationStatus.Published]) {
      expect(rectificationAfter(status, RectificationAct.FileFollowUp)).toBe(status);
    }
  });

  it('completes a task once, and a long-term one only after its staged goals', () => {
    expect(completeTask({ status: TaskStatus.Open, longTerm: false, openStages: 0 })).toBe(TaskStatus.Done);
    expect(() => completeTask({ status: TaskStatus.Done, longTerm: false, openStages: 0 })).toThrow(expect.objectContaining({ code: RectificationErrorCode.TaskDone }));
    expect(() => completeTask({ status: TaskStatus.Open, longTerm: true, openStages: 1 })).toThrow(expect.objectContaining({ code: RectificationErrorCode.StagesOpen }));
    expect(completeTask({ status: TaskStatus.Open, longTerm: true, openStages: 0 })).toBe(TaskStatus.Done);
  });
});
