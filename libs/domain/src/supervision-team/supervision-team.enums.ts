import { registerLabelledEnum } from '@app/federation';

/** Where one visited node's exchange with a supervision team stands. */
export enum SupervisionState {
  Dispatched = 'dispatched',
  Acknowledged = 'acknowledged',
  MaterialsProvided = 'materials_provided',
  RectificationRequired = 'rectification_required',
  Responded = 'responded',
  Withdrawn = 'withdrawn',
}

export enum SupervisionStepKind {
  Acknowledged = 'acknowledged',
  MaterialsProvided = 'materials_provided',
  RectificationRequired = 'rectification_required',
  RectificationResponded = 'rectification_responded',
  Withdrawn = 'withdrawn',
}

/** How the node holding a copy relates to the team. */
export enum SupervisionRole {
  Dispatcher = 'dispatcher',
  Visited = 'visited',
  Relay = 'relay',
}

registerLabelledEnum(SupervisionState, {
  name: 'SupervisionState',
  labels: {
    dispatched: '已派出',
    acknowledged: '已确认接洽',
    materials_provided: '已提供材料',
    rectification_required: '已提出整改要求',
    responded: '已反馈整改情况',
    withdrawn: '已撤回',
  },
});
registerLabelledEnum(SupervisionStepKind, {
  name: 'SupervisionStepKind',
  labels: {
    acknowledged: '确认接洽',
    materials_provided: '提供材料',
    rectification_required: '提出整改要求',
    rectification_responded: '反馈整改情况',
    withdrawn: '撤回指导督导组',
  },
});
registerLabelledEnum(SupervisionRole, { name: 'SupervisionRole', labels: { dispatcher: '派出方', visited: '被督导方', relay: '中间层级' } });
