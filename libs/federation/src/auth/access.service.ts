import { Injectable } from '@nestjs/common';
import { Registry } from '../registry/registry';
import { AuthErrorCode, AuthException } from './auth.exception';
import { Caller, Role } from './caller';

/**
 * 统一领导、分级负责 as access rules: a caller sees its own node and the subtree below it, never a
 * sibling's or an ancestor's records, and acts only for its own node, only in the roles it holds.
 */
@Injectable()
export class Access {
  constructor(private readonly registry: Registry) {}

  /** The caller may read data about `nodeId`: its own node or a descendant. */
  assertWithin(caller: Caller, nodeId: string): void {
    this.assertNodeWide(caller);
    if (!this.registry.has(nodeId) || !this.registry.inSubtree(caller.nodeId, nodeId)) {
      throw new AuthException(AuthErrorCode.OutsideJurisdiction, `node ${nodeId} is outside the jurisdiction of ${caller.nodeId}`);
    }
  }

  /** The caller acts for `nodeId` itself (issuing, reporting, acknowledging as that office). */
  assertActsFor(caller: Caller, nodeId: string): void {
    this.assertNodeWide(caller);
    if (caller.nodeId !== nodeId) throw new AuthException(AuthErrorCode.NotActingNode, `a caller of node ${caller.nodeId} cannot act for node ${nodeId}`);
  }

  assertRole(caller: Caller, ...roles: Role[]): void {
    if (!roles.some((role) => caller.roles.includes(role))) {
      throw new AuthException(AuthErrorCode.RoleRequired, `this needs one of the roles ${roles.join(', ')}; the caller has ${caller.roles.join(', ')}`);
    }
  }

  /** A caller scoped to an organisation reads and acts for that organisation alone, never for its node. */
  assertNodeWide(caller: Caller): void {
    if (caller.organisationId) throw new AuthException(AuthErrorCode.OrganisationScoped, `a caller of organisation ${caller.organisationId} acts only on that organisation's own records`);
  }

  /** The caller acts for organisation `organisationId` served at `nodeId`: a caller scoped to it, of that node. */
  assertOrganisation(caller: Caller, nodeId: string, organisationId: string): void {
    if (caller.organisationId !== organisationId || caller.nodeId !== nodeId) {
      throw new AuthException(AuthErrorCode.OrganisationScoped, `a caller of ${caller.organisationId ? `organisation ${caller.organisationId}` : `node ${caller.nodeId}`} cannot act for organisation ${organisationId}`);
    }
  }

  hasRole(caller: Caller, role: Role): boolean {
    return caller.roles.includes(role);
  }
}
