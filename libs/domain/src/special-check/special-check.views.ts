import { SpecialCheckStepBody } from '@app/federation';
import { DispatchRole } from '../dispatch/dispatch-flow';
import { DispatchStep } from '../dispatch/dispatch.entity';
import { DispatchRecord, TargetRecord } from '../dispatch/dispatch.queries';
import { ReviewVerdict, SpecialCheckRole, SpecialCheckState, SpecialCheckStepKind } from './special-check.enums';
import { SpecialCheckContent } from './special-check.flow';
import { CheckedNodeStatus, SpecialCheckStepView, SpecialCheckView } from './special-check.types';

export const SPECIAL_CHECK_ROLES: { readonly [R in DispatchRole]: SpecialCheckRole } = {
  issuer: SpecialCheckRole.Checker,
  target: SpecialCheckRole.Checked,
  relay: SpecialCheckRole.Relay,
};

export function checkView(record: DispatchRecord): SpecialCheckView {
  const content = record.content as SpecialCheckContent;
  return { ...record, ...content, role: SPECIAL_CHECK_ROLES[record.role], dueDate: new Date(content.dueDate), notifiedAt: record.dispatchedAt };
}

export function checkedView(target: TargetRecord): CheckedNodeStatus {
  return { ...target, state: target.state as SpecialCheckState, steps: target.steps.map(stepView) };
}

function stepView(row: DispatchStep): SpecialCheckStepView {
  const base = { id: row.stepId, kind: row.kind as SpecialCheckStepKind, byNodeId: row.byNode, at: row.at };
  const data = row.data as SpecialCheckStepBody;
  switch (data.kind) {
    case 'self_check_reported':
    case 'rectification_reported':
      return { ...base, report: data.report };
    case 'rectification_required':
      return { ...base, findings: data.findings, requirements: data.requirements, dueDate: new Date(data.dueDate) };
    case 'reviewed':
      return { ...base, verdict: data.verdict as ReviewVerdict, reasons: data.reasons || undefined };
    case 'withdrawn':
      return { ...base, reasons: data.reason };
  }
}
