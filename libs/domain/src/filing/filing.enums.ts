import { registerLabelledEnum } from '@app/federation';

export enum FilingKind {
  InspectionPlan = 'inspection_plan',
  RoundArrangement = 'round_arrangement',
  InspectionReport = 'inspection_report',
  RectificationReport = 'rectification_report',
}

export enum FilingStatus {
  /** Asked for, nothing submitted yet. */
  Requested = 'requested',
  /** A version waits for the reviewer's decision. */
  Submitted = 'submitted',
  /** Filed (备案); the content is locked until a return. */
  Accepted = 'accepted',
  /** Sent back with reasons; the filer must submit a new version. */
  Returned = 'returned',
}

registerLabelledEnum(FilingKind, {
  name: 'FilingKind',
  description: 'inspection plan 巡视巡察工作计划 · round arrangement 轮次安排 · inspection report 巡视巡察报告 · rectification report 整改报告',
  labels: { inspection_plan: '巡视巡察工作计划', round_arrangement: '轮次安排', inspection_report: '巡视巡察报告', rectification_report: '整改报告' },
});
registerLabelledEnum(FilingStatus, { name: 'FilingStatus', labels: { requested: '待报送', submitted: '待审核', accepted: '已备案', returned: '已退回' } });
