import { registerLabelledEnum } from '@app/federation';

/** Where one checked node stands: notice → self-check → findings and requirements → rectification report → review. */
export enum SpecialCheckState {
  Notified = 'notified',
  SelfChecked = 'self_checked',
  RectificationRequired = 'rectification_required',
  RectificationReported = 'rectification_reported',
  Returned = 'returned',
  Accepted = 'accepted',
  Withdrawn = 'withdrawn',
}

export enum SpecialCheckStepKind {
  SelfCheckReported = 'self_check_reported',
  RectificationRequired = 'rectification_required',
  RectificationReported = 'rectification_reported',
  Reviewed = 'reviewed',
  Withdrawn = 'withdrawn',
}

export enum ReviewVerdict {
  Accepted = 'accepted',
  Returned = 'returned',
}

export enum SpecialCheckRole {
  Checker = 'checker',
  Checked = 'checked',
  Relay = 'relay',
}

registerLabelledEnum(SpecialCheckState, {
  name: 'SpecialCheckState',
  labels: {
    notified: '已通知',
    self_checked: '已报送自查情况',
    rectification_required: '已提出整改要求',
    rectification_reported: '已报送整改进展情况',
    returned: '已退回',
    accepted: '已审核通过',
    withdrawn: '已撤回',
  },
});
registerLabelledEnum(SpecialCheckStepKind, {
  name: 'SpecialCheckStepKind',
  labels: {
    self_check_reported: '报送自查情况',
    rectification_required: '提出整改要求',
    rectification_reported: '报送专项检查整改进展情况报告',
    reviewed: '审核整改进展情况报告',
    withdrawn: '撤回专项检查',
  },
});
registerLabelledEnum(ReviewVerdict, { name: 'ReviewVerdict', description: 'accepted 通过 · returned 退回', labels: { accepted: '通过', returned: '退回' } });
registerLabelledEnum(SpecialCheckRole, { name: 'SpecialCheckRole', labels: { checker: '检查方', checked: '被检查方', relay: '中间层级' } });
