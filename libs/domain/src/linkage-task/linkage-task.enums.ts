import { registerLabelledEnum } from '@app/federation';

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

registerLabelledEnum(InspectionKind, {
  name: 'InspectionKind',
  description: 'regular 常规 · special 专项 · mobile 机动式 · look-back 回头看',
  labels: { regular: '常规巡视巡察', special: '专项巡视巡察', mobile: '机动式巡视巡察', look_back: '“回头看”' },
});
registerLabelledEnum(LinkageType, {
  name: 'LinkageType',
  description: 'regional 区域性 · systemic 系统性 · city–county 市县巡察联动 · cross 交叉 · elevated 提级',
  labels: { regional: '区域性联动任务', systemic: '系统性联动任务', city_county: '市县巡察联动', cross: '交叉巡察', elevated: '提级巡察' },
});
registerLabelledEnum(RecipientState, {
  name: 'RecipientState',
  labels: { issued: '已下达', received: '已接收', accepted: '已受领', in_progress: '推进中', overdue: '已逾期', completed: '已完成', cancelled: '已撤销' },
});
registerLabelledEnum(TaskRole, { name: 'TaskRole', labels: { issuer: '下达方', recipient: '承办方', relay: '中间层级' } });
