import { Registry, TargetScopePayload } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommonErrorCode, CommonException } from '../common/common.exception';
import { MAX_TARGETS, assertBelow, assertCanIssue } from '../common/target-scope';
import { localDateOf } from '../deadlines/local-date';

export interface OrganisationTargets {
  /** The nodes that inspect the organisations found, strictly below the issuer, sorted. */
  targets: string[];
  organisations: NonNullable<TargetScopePayload['organisations']>;
}

/**
 * 系统性联动: a scope by organisation kind (every 高校党委 under a province, say) resolved by the
 * issuer from the registers it holds: the organisations of those kinds active today and registered
 * under `under`, and the nodes below the issuer that inspect them. The issuer's own organisations
 * are its own to inspect; they are not sent anywhere.
 */
@Injectable()
export class OrganisationScope {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: Registry,
  ) {}

  async resolve(issuerId: string, scope: TargetScopePayload): Promise<OrganisationTargets> {
    assertCanIssue(this.registry, issuerId);
    if ((scope.nodeIds !== undefined && scope.nodeIds !== null) || scope.tier || scope.wholeSubtree) {
      throw new CommonException(CommonErrorCode.ScopeAmbiguous, 'organisation kinds choose the recipients alone, never with nodeIds, a tier or wholeSubtree');
    }
    const under = scope.under ?? issuerId;
    if (under !== issuerId) assertBelow(this.registry, issuerId, under);
    const inside = this.registry.subtree(under).map((node) => node.id).filter((id) => id !== issuerId);
    const rows: Array<{ organisationId: string; name: string; inspectorNodeId: string }> = await this.dataSource.query(
      `SELECT id AS "organisationId", name, inspector_node_id AS "inspectorNodeId" FROM organisation
        WHERE node_id = $1 AND kind = ANY($2) AND inspector_node_id = ANY($3) AND active_from <= $4 AND (active_to IS NULL OR active_to >= $4)
        ORDER BY inspector_node_id, name LIMIT ${MAX_TARGETS + 1}`,
      [issuerId, scope.organisationKinds ?? [], inside, localDateOf(new Date())],
    );
    if (rows.length === 0) throw new CommonException(CommonErrorCode.ScopeEmpty, `no organisation of kind ${(scope.organisationKinds ?? []).join(', ')} is registered below ${issuerId} under ${under}`);
    if (rows.length > MAX_TARGETS) throw new CommonException(CommonErrorCode.ScopeAmbiguous, `the scope names more than ${MAX_TARGETS} organisations`);
    return { targets: [...new Set(rows.map((row) => row.inspectorNodeId))].sort(), organisations: rows };
  }
}
