import { registerEnumType } from '@nestjs/graphql';

export enum DeadlineKind {
  Filing = 'filing',
  RectificationTask = 'rectification_task',
  RectificationStage = 'rectification_stage',
  DemocraticLifeMeeting = 'democratic_life_meeting',
  ProgressReport = 'progress_report',
  Publication = 'publication',
  SupervisionReportDiscipline = 'supervision_report_discipline',
  SupervisionReportOrganization = 'supervision_report_organization',
}

export enum DeadlineStatus {
  Open = 'open',
  Overdue = 'overdue',
  Met = 'met',
  Cancelled = 'cancelled',
}

registerEnumType(DeadlineKind, {
  name: 'DeadlineKind',
  description: 'filing 报备 · rectification task 整改任务 · long-term stage 阶段目标 · democratic-life meeting 专题民主生活会 · progress report 集中整改进展情况报告 · publication 整改情况公开 · supervision reports 整改监督情况报告',
});
registerEnumType(DeadlineStatus, { name: 'DeadlineStatus', description: 'overdue: past its day (Asia/Shanghai) and not yet met' });
