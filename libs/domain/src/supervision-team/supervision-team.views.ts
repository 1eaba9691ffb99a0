import { SupervisionTeamStepBody } from '@app/federation';
import { DispatchRole } from '../dispatch/dispatch-flow';
import { DispatchStep } from '../dispatch/dispatch.entity';
import { DispatchRecord, TargetRecord } from '../dispatch/dispatch.queries';
import { SupervisionRole, SupervisionState, SupervisionStepKind } from './supervision-team.enums';
import { SupervisionTeamContent } from './supervision-team.flow';
import { SupervisionStep, SupervisionTeamView, SupervisionVisit } from './supervision-team.types';

export const SUPERVISION_ROLES: { readonly [R in DispatchRole]: SupervisionRole } = {
  issuer: SupervisionRole.Dispatcher,
  target: SupervisionRole.Visited,
  relay: SupervisionRole.Relay,
};

export function teamView(record: DispatchRecord): SupervisionTeamView {
  const content = record.content as SupervisionTeamContent;
  const { visitStart, visitEnd } = content;
  return { ...record, ...content, role: SUPERVISION_ROLES[record.role], name: record.title, visitStart: new Date(visitStart), visitEnd: new Date(visitEnd) };
}

export function visitView(target: TargetRecord): SupervisionVisit {
  return { ...target, state: target.state as SupervisionState, steps: target.steps.map(stepView) };
}

function stepView(row: DispatchStep): SupervisionStep {
  const base = { id: row.stepId, kind: row.kind as SupervisionStepKind, byNodeId: row.byNode, at: row.at };
  const data = row.data as SupervisionTeamStepBody;
  switch (data.kind) {
    case 'acknowledged':
      return { ...base, note: data.note ?? undefined };
    case 'materials_provided':
      return { ...base, materials: data.materials };
    case 'rectification_required':
      return { ...base, findings: data.findings, requirements: data.requirements, dueDate: new Date(data.dueDate) };
    case 'rectification_responded':
      return { ...base, response: data.response };
    case 'withdrawn':
      return { ...base, reasons: data.reason };
  }
}
