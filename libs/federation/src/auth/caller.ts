import { registerEnumType } from '@nestjs/graphql';

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

registerEnumType(Role, { name: 'Role' });

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
