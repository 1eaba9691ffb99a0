import { registerLabelledEnum } from '../labels/labels';

/** Roles on a node (DOMAIN.md, "Actors"). */
export enum Role {
  InspectionOffice = 'inspection_office',
  LeadingGroup = 'leading_group',
  Discipline = 'discipline',
  Organization = 'organization',
  Analyst = 'analyst',
  Auditor = 'auditor',
  /** 运维: runs the node's federation (status, dead letters and their replay, the queue dashboard). */
  Operator = 'operator',
  /** 系统管理员: manages the node's user accounts. */
  Administrator = 'administrator',
  /**
   * 被巡视巡察党组织: a person of an organisation without a node of its own, acting on its own
   * rectification only; the token names the organisation (claim `org`).
   */
  InspectedOrganisation = 'inspected_organisation',
}

registerLabelledEnum(Role, {
  name: 'Role',
  labels: {
    inspection_office: '巡视巡察办',
    leading_group: '巡视巡察工作领导小组',
    discipline: '纪检监察机关',
    organization: '组织部门',
    analyst: '分析人员',
    auditor: '审计人员',
    operator: '运维人员',
    administrator: '系统管理员',
    inspected_organisation: '被巡视巡察党组织',
  },
});

export const ROLES: readonly Role[] = Object.values(Role);

/** Who is calling: a person acting for one node, with the roles the token grants there. */
export interface Caller {
  subject: string;
  nodeId: string;
  roles: Role[];
  /** Set for a caller scoped to one organisation of the node's register (role `inspected_organisation`). */
  organisationId?: string;
}

export interface CallerTokenClaims {
  sub: string;
  node: string;
  roles: Role[];
  /** The organisation a scoped caller acts for; absent on every other token (older tokens keep working). */
  org?: string;
}
