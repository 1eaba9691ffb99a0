import { generateKeyPairSync } from 'node:crypto';
import { Direction, Registry, UnknownNodeError } from './registry';
import { encryptionKeyOf } from './encryption-keys';
import { HostApp, REGISTRY_FORMAT, REGISTRY_FORMAT_VERSION, RegistryNode, Tier } from './registry.types';

const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
const encryptionKeys = [encryptionKeyOf(generateKeyPairSync('x25519').privateKey)];
const node = (id: string, tier: Tier, parentId: string | null): RegistryNode => ({ id, name: id, tier, parentId, host: 'h', publicKey, encryptionKeys });

const registry = Registry.fromDocument({
  format: REGISTRY_FORMAT,
  formatVersion: REGISTRY_FORMAT_VERSION,
  version: 3,
  generatedAt: '2025-01-01T00:00:00.000Z',
  hosts: [{ id: 'h', app: HostApp.Local }],
  nodes: [
    node('000000', Tier.Central, null),
    node('130000', Tier.Provincial, '000000'),
    node('130200', Tier.Municipal, '130000'),
    node('130100', Tier.Municipal, '130000'),
    node('130102', Tier.County, '130100'),
    node('130104', Tier.County, '130100'),
    node('130202', Tier.County, '130200'),
    node('330000', Tier.Provincial, '000000'),
    node('330100', Tier.Municipal, '330000'),
    node('330102', Tier.County, '330100'),
  ],
});
const ids = (nodes: RegistryNode[]) => nodes.map((n) => n.id);

describe('Registry', () => {
  describe('nextHop', () => {
    it('goes down through the child on the path to a deeper node', () => {
      expect(registry.nextHop('000000', '130104')).toEqual({ node: registry.node('130000'), direction: Direction.Down });
      expect(registry.nextHop('130000', '130202')).toEqual({ node: registry.node('130200'), direction: Direction.Down });
      expect(registry.nextHop('130100', '130104')).toEqual({ node: registry.node('130104'), direction: Direction.Down });
    });

    it('goes up to the parent towards an ancestor', () => {
      expect(registry.nextHop('130102', '000000')).toEqual({ node: registry.node('130100'), direction: Direction.Up });
      expect(registry.nextHop('130100', '130000')).toEqual({ node: registry.node('130000'), direction: Direction.Up });
    });

    it("goes up from a county towards another province's county, and from a city towards its sibling", () => {
      expect(registry.nextHop('130102', '330102')).toEqual({ node: registry.node('130100'), direction: Direction.Up });
      expect(registry.nextHop('130000', '330102')).toEqual({ node: registry.node('000000'), direction: Direction.Up });
      expect(registry.nextHop('130100', '130200')).toEqual({ node: registry.node('130000'), direction: Direction.Up });
    });

    it('refuses a message to itself and unknown nodes', () => {
      expect(() => registry.nextHop('130100', '130100')).toThrow(/itself/);
      expect(() => registry.nextHop('130100', '999999')).toThrow(UnknownNodeError);
      expect(() => registry.nextHop('999999', '130100')).toThrow(UnknownNodeError);
    });
  });

  describe('hopDirection', () => {
    it('is down from parent to child and up from child to parent', () => {
      expect(registry.hopDirection('130100', '130102')).toBe(Direction.Down);
      expect(registry.hopDirection('130102', '130100')).toBe(Direction.Up);
      expect(registry.hopDirection('000000', '330000')).toBe(Direction.Down);
    });

    it('is undefined between siblings, across two levels and for unknown nodes', () => {
      expect(registry.hopDirection('130100', '130200')).toBeUndefined();
      expect(registry.hopDirection('130102', '130104')).toBeUndefined();
      expect(registry.hopDirection('130102', '130000')).toBeUndefined();
      expect(registry.hopDirection('130000', '130102')).toBeUndefined();
      expect(registry.hopDirection('130102', '999999')).toBeUndefined();
    });
  });

  it('lists a subtree breadth first, down to the given depth', () => {
    expect(ids(registry.subtree('130000', 0))).toEqual(['130000']);
    expect(ids(registry.subtree('130000', 1))).toEqual(['130000', '130100', '130200']);
    expect(ids(registry.subtree('130000'))).toEqual(['130000', '130100', '130200', '130102', '130104', '130202']);
    expect(registry.subtree('000000')).toHaveLength(registry.size);
  });

  it('lists ancestors from the parent up to central', () => {
    expect(ids(registry.ancestors('130104'))).toEqual(['130100', '130000', '000000']);
    expect(registry.ancestors('000000')).toEqual([]);
  });

  it('lists the descendants of one tier', () => {
    expect(ids(registry.descendantsOfTier('000000', Tier.County))).toEqual(['130102', '130104', '130202', '330102']);
    expect(ids(registry.descendantsOfTier('130000', Tier.Municipal))).toEqual(['130100', '130200']);
    expect(registry.descendantsOfTier('130100', Tier.Provincial)).toEqual([]);
    expect(registry.descendantsOfTier('130100', Tier.Municipal)).toEqual([]);
  });

  it('answers ancestry and subtree membership', () => {
    expect(registry.isAncestor('000000', '130104')).toBe(true);
    expect(registry.isAncestor('330000', '130104')).toBe(false);
    expect(registry.inSubtree('130100', '130100')).toBe(true);
    expect(registry.inSubtree('130100', '130202')).toBe(false);
  });
});
