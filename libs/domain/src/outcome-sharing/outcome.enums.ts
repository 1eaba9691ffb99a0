import { registerLabelledEnum } from '@app/federation';

export enum OutcomeKind {
  Finding = 'finding',
  TypicalCase = 'typical_case',
  ProblemStatistics = 'problem_statistics',
}

/** Categories for problem statistics and for spotting common problems (普遍性、倾向性问题). */
export enum ProblemCategory {
  PoliticalResponsibility = 'political_responsibility',
  ImplementingDecisions = 'implementing_decisions',
  FormalismBureaucratism = 'formalism_bureaucratism',
  EightPointRules = 'eight_point_rules',
  Corruption = 'corruption',
  CadreSelection = 'cadre_selection',
  GrassrootsOrganisation = 'grassroots_organisation',
  RectificationFailures = 'rectification_failures',
}

/** How a category reads in a notice. */
export const PROBLEM_CATEGORY_LABEL: Record<ProblemCategory, string> = {
  [ProblemCategory.PoliticalResponsibility]: '落实管党治党政治责任不到位',
  [ProblemCategory.ImplementingDecisions]: '贯彻落实党中央决策部署不力',
  [ProblemCategory.FormalismBureaucratism]: '形式主义、官僚主义',
  [ProblemCategory.EightPointRules]: '违反中央八项规定精神',
  [ProblemCategory.Corruption]: '腐败',
  [ProblemCategory.CadreSelection]: '选人用人',
  [ProblemCategory.GrassrootsOrganisation]: '基层党组织建设薄弱',
  [ProblemCategory.RectificationFailures]: '整改不力',
};

registerLabelledEnum(OutcomeKind, {
  name: 'OutcomeKind',
  description: 'finding 巡视发现 · typical case 典型案例 · problem statistics 问题统计',
  labels: { finding: '巡视巡察发现', typical_case: '典型案例', problem_statistics: '问题统计' },
});
registerLabelledEnum(ProblemCategory, {
  name: 'ProblemCategory',
  description:
    '管党治党政治责任 · 贯彻落实党中央决策部署 · 形式主义官僚主义 · 违反中央八项规定精神 · 腐败问题 · 选人用人 · 基层党组织建设 · 整改不力',
  labels: PROBLEM_CATEGORY_LABEL,
});
