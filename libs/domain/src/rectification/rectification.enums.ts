import { registerEnumType } from '@nestjs/graphql';

export enum RectificationStatus {
  /** 集中整改: feedback received, lists being worked through. */
  Concentrated = 'concentrated',
  /** The progress report is with the supervising level's discipline organ. */
  ProgressReported = 'progress_reported',
  /** The review opinion came back in writing; publication is due within a month. */
  Reviewed = 'reviewed',
  /** Internal notice and public disclosure done; long-term tasks go on. */
  Published = 'published',
}

export enum TaskStatus {
  Open = 'open',
  Done = 'done',
}

/** The three offices whose opinions the review combines (the discipline organ leads). */
export enum ReviewOffice {
  Discipline = 'discipline',
  Organization = 'organization',
  InspectionOffice = 'inspection_office',
}

export enum RectificationReportKind {
  Progress = 'progress',
  FollowUp = 'follow_up',
  SupervisionDiscipline = 'supervision_discipline',
  SupervisionOrganization = 'supervision_organization',
}

registerEnumType(RectificationStatus, { name: 'RectificationStatus', description: 'concentrated 集中整改 · progress reported 已报送进展情况报告 · reviewed 已收到审核意见 · published 已公开' });
registerEnumType(TaskStatus, { name: 'RectificationTaskStatus' });
registerEnumType(ReviewOffice, { name: 'ReviewOffice', description: 'discipline 纪检监察机关 · organization 组织部门 · inspection office 巡视办' });
registerEnumType(RectificationReportKind, {
  name: 'RectificationReportKind',
  description: 'progress 集中整改进展情况报告 · follow-up 后续整改情况报告 · supervision reports 整改监督情况报告 of the discipline organ and the organisation department',
});
