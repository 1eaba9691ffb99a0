import { z } from 'zod';
import { defineMessage, localDate, nodeId, PayloadOf, revision, text, title, uuid } from './contract';

/** 被巡视巡察党组织的类别 (what the register calls `kind`). */
export const ORGANISATION_KINDS = ['local_committee', 'party_group', 'state_enterprise', 'university', 'public_institution', 'township', 'village', 'other'] as const;
/** 管理权限: which level manages the leadership of an organisation (中管/省管/市管/县管). */
export const CADRE_LEVELS = ['central', 'provincial', 'municipal', 'county'] as const;
export type OrganisationKindName = (typeof ORGANISATION_KINDS)[number];

export const organisationSnapshot = z.object({
  organisationId: uuid,
  name: title,
  code: text(64).nullable(),
  kind: z.enum(ORGANISATION_KINDS),
  /** The node that inspects it by 管理权限 (the register it belongs to; the sender). */
  inspectorNodeId: nodeId,
  /** For a region's own party committee: that region's node, where its rectification is served. */
  regionNodeId: nodeId.nullable(),
  cadreLevel: z.enum(CADRE_LEVELS).nullable(),
  activeFrom: localDate,
  activeTo: localDate.nullable(),
  /** Merged into this organisation (when it ended by a merger). */
  successorId: uuid.nullable(),
  /** Grows with every change at the inspector; a copy keeps only the newest. */
  revision,
});
export type OrganisationSnapshot = z.infer<typeof organisationSnapshot>;

/**
 * Inspector → central, recorded at every level on the way: the organisations of a node's register
 * as they now stand, so that each level holds its subtree's organisations (coverage drill-down, 提级
 * and 交叉 targets, systemic tasks by kind).
 */
export const OrganisationRegistered = defineMessage('organisation.registered', {
  version: 1,
  direction: 'up',
  payload: z.object({ organisations: z.array(organisationSnapshot).min(1).max(500) }),
});

export type OrganisationRegisteredPayload = PayloadOf<typeof OrganisationRegistered>;
