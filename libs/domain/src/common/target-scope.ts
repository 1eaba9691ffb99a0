import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, IsBoolean, IsEnum, IsIn, IsOptional, Matches } from 'class-validator';
import { ORGANISATION_KINDS, Registry, TargetScopePayload, Tier } from '@app/federation';
import { CommonErrorCode, CommonException } from './common.exception';

const NODE_ID = /^\d{6}$/;
export const MAX_TARGETS = 5000;

@InputType({ description: 'Whom it is for: exactly one of `nodeIds`, `tier` (every node of that tier under `under`) or `wholeSubtree` (every node under `under`)' })
export class ScopeInput implements TargetScopePayload {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_TARGETS)
  @Matches(NODE_ID, { each: true, message: 'each node id must be a six-digit division code' })
  nodeIds?: string[];

  @Field(() => Tier, { nullable: true })
  @IsOptional()
  @IsEnum(Tier)
  tier?: Tier;

  @Field(() => ID, { nullable: true, description: 'Root of a tier or subtree scope; the issuing node when omitted' })
  @IsOptional()
  @Matches(NODE_ID, { message: 'under must be a six-digit division code' })
  under?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  wholeSubtree?: boolean;

  @Field(() => [String], { nullable: true, description: 'Linkage tasks only (系统性联动): every organisation of these kinds (OrganisationKind values) registered under `under`; the task reaches the nodes that inspect them' })
  @IsOptional()
  @ArrayNotEmpty()
  @ArrayMaxSize(8)
  @IsIn(ORGANISATION_KINDS, { each: true, message: 'each organisation kind must be one of the OrganisationKind values' })
  organisationKinds?: string[];
}

/** A county has no one below it: it receives work, it never issues any. */
export function assertCanIssue(registry: Registry, issuerId: string): void {
  if (registry.children(issuerId).length === 0) {
    throw new CommonException(CommonErrorCode.CannotIssue, `node ${issuerId} (${registry.node(issuerId).tier}) has no lower level to issue work to`);
  }
}

/**
 * The nodes a scope names, sorted by id. Only strict descendants of the issuer qualify
 * (统一领导、分级负责: work goes down the issuer's own subtree, never sideways or up).
 */
export function resolveTargets(registry: Registry, issuerId: string, scope: TargetScopePayload): string[] {
  assertCanIssue(registry, issuerId);
  if (scope.organisationKinds?.length) throw new CommonException(CommonErrorCode.ScopeAmbiguous, 'organisation kinds choose the recipients of a linkage task alone, never with nodeIds, a tier or wholeSubtree');
  const chosen = [scope.nodeIds !== undefined && scope.nodeIds !== null, !!scope.tier, !!scope.wholeSubtree].filter(Boolean).length;
  if (chosen === 0) throw new CommonException(CommonErrorCode.ScopeMissing, 'the scope needs nodeIds, a tier or wholeSubtree');
  if (chosen > 1) throw new CommonException(CommonErrorCode.ScopeAmbiguous, 'the scope takes only one of nodeIds, tier and wholeSubtree');

  let targets: string[];
  if (scope.nodeIds) {
    for (const id of scope.nodeIds) assertBelow(registry, issuerId, id);
    targets = [...new Set(scope.nodeIds)];
  } else {
    const under = scope.under ?? issuerId;
    if (under !== issuerId) assertBelow(registry, issuerId, under);
    targets = scope.tier
      ? registry.descendantsOfTier(under, scope.tier as Tier).map((node) => node.id)
      : registry.subtree(under).map((node) => node.id).filter((id) => id !== issuerId);
  }
  if (targets.length === 0) throw new CommonException(CommonErrorCode.ScopeEmpty, 'the scope names no node below the issuer');
  if (targets.length > MAX_TARGETS) throw new CommonException(CommonErrorCode.ScopeAmbiguous, `the scope names ${targets.length} nodes; at most ${MAX_TARGETS}`);
  return targets.sort();
}

/**
 * Whether a scope the issuer signed takes in `id` — what resolveTargets would name, asked of one
 * node: each level checks the recipients it is sent without resolving the whole scope.
 */
export function scopeAdmits(registry: Registry, issuerId: string, scope: TargetScopePayload, id: string): boolean {
  if (!registry.has(id) || !registry.isAncestor(issuerId, id)) return false;
  // 系统性联动: the nodes that inspect the organisations the issuer named (and signed).
  if (scope.organisationKinds?.length) return registry.inSubtree(scope.under ?? issuerId, id) && (scope.organisations ?? []).some((org) => org.inspectorNodeId === id);
  if (scope.nodeIds) return scope.nodeIds.includes(id);
  const under = scope.under ?? issuerId;
  if (!registry.inSubtree(under, id) || id === issuerId) return false;
  if (scope.tier) return registry.node(id).tier === scope.tier;
  return !!scope.wholeSubtree;
}

export function assertBelow(registry: Registry, issuerId: string, id: string): void {
  if (!registry.has(id)) throw new CommonException(CommonErrorCode.UnknownNode, `unknown node ${JSON.stringify(id)}: it is not in the hierarchy registry`);
  if (!registry.isAncestor(issuerId, id)) {
    throw new CommonException(CommonErrorCode.OutsideSubtree, `node ${id} is outside the subtree of ${issuerId}: work goes only to its own lower levels`);
  }
}

/** The child of `viewerId` through which `nodeId` is reached; `viewerId` itself for its own record. */
export function viaChild(registry: Registry, viewerId: string, nodeId: string): string {
  return nodeId === viewerId ? viewerId : registry.nextHop(viewerId, nodeId).node.id;
}

/** Fan-out order: grouped by next hop, ascending, as the transport's channel locks require. */
export function fanOutOrder(registry: Registry, from: string, targets: string[]): string[] {
  const hop = (id: string) => registry.nextHop(from, id).node.id;
  return [...targets].sort((a, b) => hop(a).localeCompare(hop(b)) || a.localeCompare(b));
}
