import { generateKeyPairSync } from 'node:crypto';
import { HostApp, REGISTRY_FORMAT, REGISTRY_FORMAT_VERSION, Registry, RegistryNode, Tier, encryptionKeyOf } from '@app/federation';
import { CommonErrorCode, CommonException } from './common.exception';
import { fanOutOrder, resolveTargets, viaChild } from './target-scope';

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
    node('130104', Tier.County, '130100'),
    node('130200', Tier.Municipal, '130000'),
    node('130202', Tier.County, '130200'),
    node('330000', Tier.Provincial, '000000'),
    node('330100', Tier.Municipal, '330000'),
    node('330102', Tier.County, '330100'),
  ],
});

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as CommonException).code;
  }
  return undefined;
};

describe('target scope', () => {
  it('takes listed descendants at any depth, once each, sorted', () => {
    expect(resolveTargets(registry, '000000', { nodeIds: ['330102', '130000', '330102'] })).toEqual(['130000', '330102']);
  });

  it('takes every node of a tier under a node', () => {
    expect(resolveTargets(registry, '000000', { tier: Tier.County, under: '130000' })).toEqual(['130102', '130104', '130202']);
    expect(resolveTargets(registry, '130000', { tier: Tier.Municipal })).toEqual(['130100', '130200']);
  });

  it('takes a whole subtree without the issuer itself', () => {
    expect(resolveTargets(registry, '130000', { wholeSubtree: true })).toEqual(['130100', '130102', '130104', '130200', '130202']);
    expect(resolveTargets(registry, '000000', { wholeSubtree: true, under: '130200' })).toEqual(['130200', '130202']);
  });

  it('refuses nodes outside the issuer’s subtree, the issuer itself and unknown nodes', () => {
    expect(codeOf(() => resolveTargets(registry, '130000', { nodeIds: ['330102'] }))).toBe(CommonErrorCode.OutsideSubtree);
    expect(codeOf(() => resolveTargets(registry, '130000', { nodeIds: ['130000'] }))).toBe(CommonErrorCode.OutsideSubtree);
    expect(codeOf(() => resolveTargets(registry, '130000', { nodeIds: ['000000'] }))).toBe(CommonErrorCode.OutsideSubtree);
    expect(codeOf(() => resolveTargets(registry, '130000', { tier: Tier.County, under: '330000' }))).toBe(CommonErrorCode.OutsideSubtree);
    expect(codeOf(() => resolveTargets(registry, '000000', { nodeIds: ['999999'] }))).toBe(CommonErrorCode.UnknownNode);
  });

  it('refuses a county as issuer: it has no one below it', () => {
    expect(codeOf(() => resolveTargets(registry, '130102', { wholeSubtree: true }))).toBe(CommonErrorCode.CannotIssue);
  });

  it('wants exactly one kind of scope, naming at least one node', () => {
    expect(codeOf(() => resolveTargets(registry, '000000', {}))).toBe(CommonErrorCode.ScopeMissing);
    expect(codeOf(() => resolveTargets(registry, '000000', { nodeIds: ['130000'], tier: Tier.County }))).toBe(CommonErrorCode.ScopeAmbiguous);
    expect(codeOf(() => resolveTargets(registry, '130100', { tier: Tier.Provincial }))).toBe(CommonErrorCode.ScopeEmpty);
  });

  it('fans out grouped by next hop, so channel locks are always taken in one order', () => {
    expect(fanOutOrder(registry, '000000', ['330102', '130202', '130000', '130102'])).toEqual(['130000', '130102', '130202', '330102']);
    expect(viaChild(registry, '000000', '130202')).toBe('130000');
    expect(viaChild(registry, '130000', '130000')).toBe('130000');
  });
});
