import { registerEnumType } from '@nestjs/graphql';

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

registerEnumType(FilingKind, {
  name: 'FilingKind',
  description: 'inspection plan 巡视巡察工作计划 · round arrangement 轮次安排 · inspection report 巡视巡察报告 · rectification report 整改报告',
});
registerEnumType(FilingStatus, { name: 'FilingStatus' });
