import { registerLabelledEnum } from '@app/federation';

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

registerLabelledEnum(RectificationStatus, {
  name: 'RectificationStatus',
  description: 'concentrated 集中整改 · progress reported 已报送进展情况报告 · reviewed 已收到审核意见 · published 已公开',
  labels: { concentrated: '集中整改', progress_reported: '已报送进展情况报告', reviewed: '已收到审核意见', published: '已公开整改情况' },
});
registerLabelledEnum(TaskStatus, { name: 'RectificationTaskStatus', labels: { open: '整改中', done: '已完成' } });
registerLabelledEnum(ReviewOffice, {
  name: 'ReviewOffice',
  description: 'discipline 纪检监察机关 · organization 组织部门 · inspection office 巡视办',
  labels: { discipline: '纪检监察机关', organization: '组织部门', inspection_office: '巡视巡察机构' },
});
registerLabelledEnum(RectificationReportKind, {
  name: 'RectificationReportKind',
  description: 'progress 集中整改进展情况报告 · follow-up 后续整改情况报告 · supervision reports 整改监督情况报告 of the discipline organ and the organisation department',
  labels: {
    progress: '集中整改进展情况报告',
    follow_up: '后续整改情况报告',
    supervision_discipline: '整改监督情况报告（纪检监察机关）',
    supervision_organization: '整改监督情况报告（组织部门）',
  },
});
