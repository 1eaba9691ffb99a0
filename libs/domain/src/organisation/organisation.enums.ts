import { CADRE_LEVELS, ORGANISATION_KINDS, registerLabelledEnum } from '@app/federation';

/** 被巡视巡察党组织的类别. */
export enum OrganisationKind {
  /** 地方党委: a region's own party committee; its region has a node. */
  LocalCommittee = 'local_committee',
  PartyGroup = 'party_group',
  StateEnterprise = 'state_enterprise',
  University = 'university',
  PublicInstitution = 'public_institution',
  Township = 'township',
  Village = 'village',
  Other = 'other',
}

/** 管理权限: the level that manages the organisation's leadership. */
export enum CadreLevel {
  Central = 'central',
  Provincial = 'provincial',
  Municipal = 'municipal',
  County = 'county',
}

registerLabelledEnum(OrganisationKind, {
  name: 'OrganisationKind',
  labels: {
    local_committee: '地方党委',
    party_group: '部门党组（党委）',
    state_enterprise: '国有企业党委',
    university: '高校党委',
    public_institution: '事业单位党委',
    township: '乡镇（街道）党（工）委',
    village: '村（社区）党组织',
    other: '其他党组织',
  },
});
registerLabelledEnum(CadreLevel, {
  name: 'CadreLevel',
  description: 'which level manages the leadership (管理权限)',
  labels: { central: '中管', provincial: '省管', municipal: '市管', county: '县管' },
});

// The contracts spell the same values; a drift fails here at load.
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value) => b.includes(value));
if (!same(Object.values(OrganisationKind), ORGANISATION_KINDS) || !same(Object.values(CadreLevel), CADRE_LEVELS)) {
  throw new Error('OrganisationKind/CadreLevel differ from the organisation.registered contract');
}
