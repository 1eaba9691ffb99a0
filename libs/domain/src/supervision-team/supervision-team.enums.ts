import { registerEnumType } from '@nestjs/graphql';

/** Where one visited node's exchange with a supervision team stands. */
export enum SupervisionState {
  Dispatched = 'dispatched',
  Acknowledged = 'acknowledged',
  MaterialsProvided = 'materials_provided',
  RectificationRequired = 'rectification_required',
  Responded = 'responded',
}

export enum SupervisionStepKind {
  Acknowledged = 'acknowledged',
  MaterialsProvided = 'materials_provided',
  RectificationRequired = 'rectification_required',
  RectificationResponded = 'rectification_responded',
}

/** How the node holding a copy relates to the team. */
export enum SupervisionRole {
  Dispatcher = 'dispatcher',
  Visited = 'visited',
  Relay = 'relay',
}

/** Who takes a step: the dispatching level, or the visited one. */
export type StepActor = 'dispatcher' | 'visited';

registerEnumType(SupervisionState, { name: 'SupervisionState' });
registerEnumType(SupervisionStepKind, { name: 'SupervisionStepKind' });
registerEnumType(SupervisionRole, { name: 'SupervisionRole' });
