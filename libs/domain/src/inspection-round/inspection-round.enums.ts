import { ROUND_KINDS, ROUND_MODES, ROUND_STATES, registerLabelledEnum } from '@app/federation';

export enum RoundKind {
  Regular = 'regular',
  Special = 'special',
  Mobile = 'mobile',
  LookBack = 'look_back',
}

/** How the round is organised: by the node alone, or reaching past its own register. */
export enum RoundMode {
  /** 本级: the node inspects organisations of its own register with its own teams. */
  Own = 'own',
  /** 提级: the node inspects organisations registered below it (a province, a county committee). */
  Elevated = 'elevated',
  /** 交叉: teams of one lower node inspect another lower node's organisations, arranged by their common ancestor. */
  Cross = 'cross',
  /** 市县联动: a city's round with teams of its counties, over the city's and its counties' registers. */
  CityCounty = 'city_county',
}

export enum RoundState {
  Planned = 'planned',
  Stationed = 'stationed',
  ReportHeard = 'report_heard',
  FeedbackGiven = 'feedback_given',
  HandedOver = 'handed_over',
}

/** What a node is to a round it holds. */
export enum RoundRole {
  Arranging = 'arranging',
  Inspecting = 'inspecting',
  Inspected = 'inspected',
}

registerLabelledEnum(RoundKind, { name: 'RoundKind', labels: { regular: '常规巡视巡察', special: '专项巡视巡察', mobile: '机动式巡视巡察', look_back: '巡视巡察“回头看”' } });
registerLabelledEnum(RoundMode, { name: 'RoundMode', labels: { own: '本级组织', elevated: '提级巡视巡察', cross: '交叉巡视巡察', city_county: '市县巡察联动' } });
registerLabelledEnum(RoundState, {
  name: 'RoundState',
  labels: { planned: '已计划', stationed: '已进驻', report_heard: '已听取汇报', feedback_given: '已反馈', handed_over: '已移交整改' },
});
registerLabelledEnum(RoundRole, {
  name: 'RoundRole',
  description: 'arranging: plans and leads the round · inspecting: provides a team · inspected: registers or is the region of a target',
  labels: { arranging: '组织实施', inspecting: '派出巡视巡察组', inspected: '被巡视巡察党组织所在' },
});

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value) => b.includes(value));
if (!same(Object.values(RoundKind), ROUND_KINDS) || !same(Object.values(RoundMode), ROUND_MODES) || !same(Object.values(RoundState), ROUND_STATES)) {
  throw new Error('the round enums differ from the inspection_round.shared contract');
}
