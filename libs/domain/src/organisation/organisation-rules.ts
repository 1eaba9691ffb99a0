import { Registry } from '@app/federation';
import { isLocalDate } from '../deadlines/local-date';
import { CadreLevel, OrganisationKind } from './organisation.enums';

/** One organisation as an import or a form gives it: loose strings, checked here row by row. */
export interface RawOrganisationRow {
  name?: string | null;
  code?: string | null;
  kind?: string | null;
  regionNodeId?: string | null;
  cadreLevel?: string | null;
  activeFrom?: string | null;
  activeTo?: string | null;
}

/** A row that passed every check. */
export interface OrganisationRow {
  name: string;
  code: string | null;
  kind: OrganisationKind;
  regionNodeId: string | null;
  cadreLevel: CadreLevel | null;
  activeFrom: string;
  activeTo: string | null;
}

const KIND_NAMES = lookup(OrganisationKind, {
  地方党委: OrganisationKind.LocalCommittee,
  部门党组: OrganisationKind.PartyGroup,
  '部门党组（党委）': OrganisationKind.PartyGroup,
  国有企业党委: OrganisationKind.StateEnterprise,
  高校党委: OrganisationKind.University,
  事业单位党委: OrganisationKind.PublicInstitution,
  '乡镇（街道）党（工）委': OrganisationKind.Township,
  乡镇党委: OrganisationKind.Township,
  街道党工委: OrganisationKind.Township,
  '村（社区）党组织': OrganisationKind.Village,
  村党组织: OrganisationKind.Village,
  社区党组织: OrganisationKind.Village,
  其他党组织: OrganisationKind.Other,
});
const LEVEL_NAMES = lookup(CadreLevel, { 中管: CadreLevel.Central, 省管: CadreLevel.Provincial, 市管: CadreLevel.Municipal, 县管: CadreLevel.County });
const CODE = /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Accepts a value as stored (`university`), as GraphQL names it (`University`) or its Chinese name (高校党委). */
function lookup<E extends Record<string, string>>(values: E, chinese: Record<string, E[keyof E]>): Map<string, E[keyof E]> {
  const map = new Map<string, E[keyof E]>(Object.entries(chinese));
  for (const [member, value] of Object.entries(values) as Array<[string, E[keyof E]]>) {
    map.set(value, value);
    map.set(member, value);
  }
  return map;
}

const blank = (value: string | null | undefined) => value === undefined || value === null || value.trim() === '';

/**
 * Checks one row of the register of `inspectorNodeId` and says everything wrong with it at once.
 * Only a region's own party committee (地方党委) sits in a node, strictly below the inspector; every
 * other organisation is served by the node that inspects it.
 */
export function checkOrganisationRow(registry: Registry, inspectorNodeId: string, raw: RawOrganisationRow): { row?: OrganisationRow; errors: string[] } {
  const errors: string[] = [];
  const name = (raw.name ?? '').trim();
  if (!name) errors.push('name is required');
  else if (name.length > 200 || CONTROL.test(name)) errors.push('name must be at most 200 characters without control characters');
  const code = blank(raw.code) ? null : raw.code!.trim();
  if (code !== null && !CODE.test(code)) errors.push(`code ${JSON.stringify(code)} must be 1 to 64 letters, digits or "-"`);
  const kind = blank(raw.kind) ? undefined : KIND_NAMES.get(raw.kind!.trim());
  if (!kind) errors.push(blank(raw.kind) ? 'kind is required' : `unknown kind ${JSON.stringify(raw.kind)}`);
  const cadreLevel = blank(raw.cadreLevel) ? null : (LEVEL_NAMES.get(raw.cadreLevel!.trim()) ?? undefined);
  if (cadreLevel === undefined) errors.push(`unknown cadre level ${JSON.stringify(raw.cadreLevel)}`);
  const regionNodeId = blank(raw.regionNodeId) ? null : raw.regionNodeId!.trim();
  if (kind === OrganisationKind.LocalCommittee) {
    if (!regionNodeId) errors.push('a 地方党委 names the node of its region (regionNodeId)');
    else if (!registry.has(regionNodeId) || !registry.isAncestor(inspectorNodeId, regionNodeId)) errors.push(`region ${regionNodeId} is not a node below ${inspectorNodeId}`);
  } else if (kind && regionNodeId) {
    errors.push('only a 地方党委 sits in a node of its own; leave regionNodeId empty');
  }
  const activeFrom = blank(raw.activeFrom) ? null : raw.activeFrom!.trim();
  if (!activeFrom || !isLocalDate(activeFrom)) errors.push(`activeFrom ${JSON.stringify(raw.activeFrom ?? '')} is not a date (YYYY-MM-DD)`);
  const activeTo = blank(raw.activeTo) ? null : raw.activeTo!.trim();
  if (activeTo !== null && !isLocalDate(activeTo)) errors.push(`activeTo ${JSON.stringify(activeTo)} is not a date (YYYY-MM-DD)`);
  else if (activeTo !== null && activeFrom && isLocalDate(activeFrom) && activeTo < activeFrom) errors.push(`activeTo ${activeTo} is before activeFrom ${activeFrom}`);
  if (errors.length > 0) return { errors };
  return { row: { name, code, kind: kind!, regionNodeId, cadreLevel: cadreLevel ?? null, activeFrom: activeFrom!, activeTo }, errors };
}
