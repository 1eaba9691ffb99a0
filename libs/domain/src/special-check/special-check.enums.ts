import { registerEnumType } from '@nestjs/graphql';

/** Where one checked node stands: notice → self-check → findings and requirements → rectification report → review. */
export enum SpecialCheckState {
  Notified = 'notified',
  SelfChecked = 'self_checked',
  RectificationRequired = 'rectification_required',
  RectificationReported = 'rectification_reported',
  Returned = 'returned',
  Accepted = 'accepted',
}

export enum SpecialCheckStepKind {
  SelfCheckReported = 'self_check_reported',
  RectificationRequired = 'rectification_required',
  RectificationReported = 'rectification_reported',
  Reviewed = 'reviewed',
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

export type CheckActor = 'checker' | 'checked';

registerEnumType(SpecialCheckState, { name: 'SpecialCheckState' });
registerEnumType(SpecialCheckStepKind, { name: 'SpecialCheckStepKind' });
registerEnumType(ReviewVerdict, { name: 'ReviewVerdict', description: 'accepted 通过 · returned 退回' });
registerEnumType(SpecialCheckRole, { name: 'SpecialCheckRole' });
