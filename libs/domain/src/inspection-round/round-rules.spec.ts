import { generateKeyPairSync } from 'node:crypto';
import { HostApp, REGISTRY_FORMAT, REGISTRY_FORMAT_VERSION, Registry, RegistryNode, Tier, encryptionKeyOf } from '@app/federation';
import { RoundMode } from './inspection-round.enums';
import { RoundErrorCode, RoundException } from './inspection-round.exception';
import { TargetOrganisation, assertTargets, assertTeams, concernedNodes } from './round-rules';

const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
const encryptionKeys = [encryptionKeyOf(generateKeyPairSync('x25519').privateKey)];
const node = (id: string, tier: Tier, parentId: string | null): RegistryNode => ({ id, name: id, tier, parentId, host: 'h', publicKey, encryptionKeys });
const registry = Registry.fromDocument({
  format: REGISTRY_FORMAT,
  formatVersion: REGISTRY_FORMAT_VERSION,
  version: 1,
  generatedAt: '2025-01-01T00:00:00.000Z',
  hosts: [{ id: 'h', app: HostApp.Local }],
  nodes: [
    node('000000', Tier.Central, null),
    node('130000', Tier.Provincial, '000000'),
    node('130100', Tier.Municipal, '130000'),
    node('130102', Tier.County, '130100'),
    node('130200', Tier.Municipal, '130000'),
    node('130202', Tier.County, '130200'),
  ],
});

const org = (id: string, inspectorNodeId: string, regionNodeId: string | null = null, activeTo: string | null = null): TargetOrganisation => ({ id, name: id, inspectorNodeId, regionNodeId, activeFrom: '2000-01-01', activeTo });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as RoundException).code;
  }
  return undefined;
};

describe('whom a round may inspect, and with which teams', () => {
  const provincial = org('省发改委党组', '130000');
  const changan = org('中共长安区委', '130100', '130102');
  const lunan = org('中共路南区委', '130200', '130202');

  it('keeps an own round to the node’s own register', () => {
    expect(() => assertTargets(registry, '130000', RoundMode.Own, [provincial], '2026-03-01')).not.toThrow();
    expect(codeOf(() => assertTargets(registry, '130000', RoundMode.Own, [changan], '2026-03-01'))).toBe(RoundErrorCode.NotInspector);
  });

  it('lets an elevated or cross round reach registers below, never a sibling’s or its own', () => {
    expect(() => assertTargets(registry, '130000', RoundMode.Elevated, [changan, lunan], '2026-03-01')).not.toThrow();
    expect(codeOf(() => assertTargets(registry, '130100', RoundMode.Elevated, [lunan], '2026-03-01'))).toBe(RoundErrorCode.NotInspector);
    expect(codeOf(() => assertTargets(registry, '130000', RoundMode.Cross, [provincial], '2026-03-01'))).toBe(RoundErrorCode.NotInspector);
  });

  it('keeps a city–county round to a city, its register and its counties’', () => {
    expect(() => assertTargets(registry, '130100', RoundMode.CityCounty, [changan, org('某街道党工委', '130102')], '2026-03-01')).not.toThrow();
    expect(codeOf(() => assertTargets(registry, '130000', RoundMode.CityCounty, [provincial], '2026-03-01'))).toBe(RoundErrorCode.InvalidTarget);
  });

  it('refuses an organisation that is no longer active when the teams arrive', () => {
    expect(codeOf(() => assertTargets(registry, '130000', RoundMode.Own, [org('已撤销党组', '130000', null, '2025-12-31')], '2026-03-01'))).toBe(RoundErrorCode.InvalidTarget);
  });

  it('covers every target with exactly one team', () => {
    expect(codeOf(() => assertTeams(registry, '130000', RoundMode.Elevated, [{ name: '一组', fromNodeId: '130000', targetIds: [changan.id] }], [changan, lunan]))).toBe(RoundErrorCode.InvalidTeam);
    expect(
      codeOf(() =>
        assertTeams(registry, '130000', RoundMode.Elevated, [
          { name: '一组', fromNodeId: '130000', targetIds: [changan.id] },
          { name: '二组', fromNodeId: '130000', targetIds: [changan.id, lunan.id] },
        ], [changan, lunan]),
      ),
    ).toBe(RoundErrorCode.InvalidTeam);
  });

  it('sends a cross team from another line, and own or elevated teams from the arranging node', () => {
    expect(() => assertTeams(registry, '130000', RoundMode.Cross, [{ name: '石家庄组', fromNodeId: '130100', targetIds: [lunan.id] }], [lunan])).not.toThrow();
    expect(codeOf(() => assertTeams(registry, '130000', RoundMode.Cross, [{ name: '唐山组', fromNodeId: '130200', targetIds: [lunan.id] }], [lunan]))).toBe(RoundErrorCode.InvalidTeam);
    expect(codeOf(() => assertTeams(registry, '130000', RoundMode.Cross, [{ name: '路南组', fromNodeId: '130202', targetIds: [lunan.id] }], [lunan]))).toBe(RoundErrorCode.InvalidTeam);
    expect(codeOf(() => assertTeams(registry, '130000', RoundMode.Elevated, [{ name: '一组', fromNodeId: '130100', targetIds: [changan.id] }], [changan]))).toBe(RoundErrorCode.InvalidTeam);
    expect(() => assertTeams(registry, '130100', RoundMode.CityCounty, [{ name: '长安组', fromNodeId: '130102', targetIds: [changan.id] }], [changan])).not.toThrow();
  });

  it('names every other node concerned: teams’ nodes, targets’ registers and regions', () => {
    expect(concernedNodes('130000', [{ fromNodeId: '130100' }], [lunan, provincial])).toEqual(['130100', '130200', '130202']);
  });
});
