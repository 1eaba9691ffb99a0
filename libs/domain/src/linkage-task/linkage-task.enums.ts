import { registerEnumType } from '@nestjs/graphql';

/** 常规 / 专项 / 机动式 / 回头看 */
export enum InspectionKind {
  Regular = 'regular',
  Special = 'special',
  Mobile = 'mobile',
  LookBack = 'look_back',
}

/** 区域性 / 系统性 / 市县巡察联动 / 交叉巡察 / 提级巡察 */
export enum LinkageType {
  Regional = 'regional',
  Systemic = 'systemic',
  CityCounty = 'city_county',
  Cross = 'cross',
  Elevated = 'elevated',
}

/** Where one recipient stands on a task; `Overdue` while the deadline has passed unfinished. */
export enum RecipientState {
  Issued = 'issued',
  Received = 'received',
  Accepted = 'accepted',
  InProgress = 'in_progress',
  Overdue = 'overdue',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

export type RecipientPhase = Exclude<RecipientState, RecipientState.Overdue>;

/** How the node holding a copy of a task relates to it. */
export enum TaskRole {
  Issuer = 'issuer',
  Recipient = 'recipient',
  /** On the way from the issuer to recipients below: records it and sees their progress. */
  Relay = 'relay',
}

registerEnumType(InspectionKind, { name: 'InspectionKind', description: 'regular 常规 · special 专项 · mobile 机动式 · look-back 回头看' });
registerEnumType(LinkageType, { name: 'LinkageType', description: 'regional 区域性 · systemic 系统性 · city–county 市县巡察联动 · cross 交叉 · elevated 提级' });
registerEnumType(RecipientState, { name: 'RecipientState' });
registerEnumType(TaskRole, { name: 'TaskRole' });
