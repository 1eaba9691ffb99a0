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
  },
});

export const ROLES: readonly Role[] = Object.values(Role);

/** Who is calling: a person acting for one node, with the roles the token grants there. */
export interface Caller {
  subject: string;
  nodeId: string;
  roles: Role[];
}

export interface CallerTokenClaims {
  sub: string;
  node: string;
  roles: Role[];
}
