import { EnumLabels, registerLabelledEnum } from '@app/federation';

export enum DeadlineKind {
  Filing = 'filing',
  RectificationTask = 'rectification_task',
  RectificationStage = 'rectification_stage',
  DemocraticLifeMeeting = 'democratic_life_meeting',
  ProgressReport = 'progress_report',
  Publication = 'publication',
  SupervisionReportDiscipline = 'supervision_report_discipline',
  SupervisionReportOrganization = 'supervision_report_organization',
  SpecialCheckSelfCheck = 'special_check_self_check',
  SpecialCheckRectification = 'special_check_rectification',
  SupervisionTeamRectification = 'supervision_team_rectification',
}

export enum DeadlineStatus {
  Open = 'open',
  Overdue = 'overdue',
  Met = 'met',
  Cancelled = 'cancelled',
}

/** The Chinese name of each kind: served as its label, and part of the titles of tracked obligations. */
export const DEADLINE_KIND_LABELS: EnumLabels<typeof DeadlineKind> = {
  filing: '报备',
  rectification_task: '整改任务',
  rectification_stage: '长期整改阶段目标',
  democratic_life_meeting: '巡视整改专题民主生活会',
  progress_report: '集中整改进展情况报告',
  publication: '整改情况公开',
  supervision_report_discipline: '整改监督情况报告（纪检监察机关）',
  supervision_report_organization: '整改监督情况报告（组织部门）',
  special_check_self_check: '专项检查自查情况报告',
  special_check_rectification: '专项检查整改进展情况报告',
  supervision_team_rectification: '指导督导整改情况反馈',
};

registerLabelledEnum(DeadlineKind, {
  name: 'DeadlineKind',
  description:
    'filing 报备 · rectification task 整改任务 · long-term stage 阶段目标 · democratic-life meeting 专题民主生活会 · progress report 集中整改进展情况报告 · publication 整改情况公开 · supervision reports 整改监督情况报告 · special check 专项检查 self-check and rectification reports · supervision team 指导督导 rectification response',
  labels: DEADLINE_KIND_LABELS,
});
registerLabelledEnum(DeadlineStatus, {
  name: 'DeadlineStatus',
  description: 'overdue: past its day (Asia/Shanghai) and not yet met',
  labels: { open: '未到期', overdue: '已逾期', met: '已按期完成', cancelled: '已取消' },
});
