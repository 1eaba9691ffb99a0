import { generateKeyPairSync } from 'node:crypto';
import { Registry } from './registry';
import { RegistryIssue, RegistryIssueCode } from './registry.error';
import { validateRegistryDocument } from './registry-validation';
import { encryptionKeyOf } from './encryption-keys';
import { HostApp, REGISTRY_FORMAT, REGISTRY_FORMAT_VERSION, RegistryDocument, RegistryNode, Tier } from './registry.types';

const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
const x25519Keys = (n: number) => Array.from({ length: n }, () => encryptionKeyOf(generateKeyPairSync('x25519').privateKey));
const encryptionKeys = x25519Keys(1);

function node(id: string, tier: Tier, parentId: string | null, host = tier === Tier.Central ? 'central' : 'local'): RegistryNode {
  return { id, name: `node ${id}`, tier, parentId, host, publicKey, encryptionKeys };
}

/** Central, 河北 with 石家庄 (one county) and 唐山 (no counties), 浙江 with 杭州 (one county). */
function validDocument(): RegistryDocument {
  return {
    format: REGISTRY_FORMAT,
    formatVersion: REGISTRY_FORMAT_VERSION,
    version: 1,
    generatedAt: '2025-01-01T00:00:00.000Z',
    hosts: [
      { id: 'central', app: HostApp.Central },
      { id: 'prov', app: HostApp.Provincial },
      { id: 'local', app: HostApp.Local },
    ],
    nodes: [
      node('000000', Tier.Central, null),
      node('130000', Tier.Provincial, '000000', 'prov'),
      node('130100', Tier.Municipal, '130000'),
      node('130102', Tier.County, '130100'),
      node('130200', Tier.Municipal, '130000'),
      node('330000', Tier.Provincial, '000000', 'prov'),
      node('330100', Tier.Municipal, '330000'),
      node('330102', Tier.County, '330100'),
    ],
  };
}

function withNodes(edit: (nodes: RegistryNode[]) => RegistryNode[]): RegistryDocument {
  const document = validDocument();
  return { ...document, nodes: edit(document.nodes) };
}

function replace(id: string, changes: Partial<RegistryNode>) {
  return (nodes: RegistryNode[]) => nodes.map((n) => (n.id === id ? { ...n, ...changes } : n));
}

function expectIssue(issues: RegistryIssue[], code: RegistryIssueCode, nodeId: string): void {
  expect(issues).toContainEqual(expect.objectContaining({ code, message: expect.stringContaining(nodeId) }));
}

describe('validateRegistryDocument', () => {
  it('accepts a well-formed tree where a municipal node has no counties', () => {
    expect(validateRegistryDocument(validDocument())).toEqual([]);
    expect(Registry.fromDocument(validDocument()).children('130200')).toEqual([]);
  });

  it('reports a tree without a central node', () => {
    const issues = validateRegistryDocument(withNodes((nodes) => nodes.filter((n) => n.tier !== Tier.Central)));
    expectIssue(issues, RegistryIssueCode.NoCentral, '000000');
  });

  it('reports two central nodes, naming both', () => {
    const issues = validateRegistryDocument(withNodes(replace('330000', { tier: Tier.Central, parentId: null })));
    expectIssue(issues, RegistryIssueCode.SeveralCentral, '000000');
    expectIssue(issues, RegistryIssueCode.SeveralCentral, '330000');
  });

  it('reports a parent that does not exist', () => {
    const issues = validateRegistryDocument(withNodes(replace('130102', { parentId: '139900' })));
    expect(issues).toContainEqual(expect.objectContaining({ code: RegistryIssueCode.UnknownParent, nodeId: '130102' }));
    expectIssue(issues, RegistryIssueCode.UnknownParent, '130102');
  });

  it('reports a county placed directly under a province', () => {
    const issues = validateRegistryDocument(withNodes(replace('130102', { parentId: '130000' })));
    expect(issues).toEqual([expect.objectContaining({ code: RegistryIssueCode.TierMismatch, nodeId: '130102' })]);
    expectIssue(issues, RegistryIssueCode.TierMismatch, '130102');
  });

  it('reports a node listed twice', () => {
    const issues = validateRegistryDocument(withNodes((nodes) => [...nodes, node('130100', Tier.Municipal, '130000')]));
    expectIssue(issues, RegistryIssueCode.DuplicateId, '130100');
  });

  it.each(['13010', 'abcdef', '1301000'])('reports the malformed id %s', (id) => {
    const issues = validateRegistryDocument(withNodes((nodes) => [...nodes, node(id, Tier.County, '130100')]));
    expectIssue(issues, RegistryIssueCode.BadId, id);
  });

  it('reports a chain of parents that loops', () => {
    const issues = validateRegistryDocument(
      withNodes((nodes) => replace('130100', { parentId: '130102' })(replace('130102', { parentId: '130100' })(nodes))),
    );
    expect(issues).toContainEqual(expect.objectContaining({ code: RegistryIssueCode.Cycle, nodeId: '130100' }));
    expectIssue(issues, RegistryIssueCode.Cycle, '130100');
  });

  it('reports a node served by a host the registry does not list', () => {
    const issues = validateRegistryDocument(withNodes(replace('330102', { host: 'nowhere' })));
    expect(issues).toEqual([expect.objectContaining({ code: RegistryIssueCode.UnknownHost, nodeId: '330102' })]);
    expectIssue(issues, RegistryIssueCode.UnknownHost, '330102');
  });

  it.each([
    ['text that is not PEM', 'not a key'],
    ['an X25519 key', generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'pem' }) as string],
  ])('reports a public key that is %s', (_, badKey) => {
    const issues = validateRegistryDocument(withNodes(replace('130100', { publicKey: badKey })));
    expect(issues).toEqual([expect.objectContaining({ code: RegistryIssueCode.BadPublicKey, nodeId: '130100' })]);
    expectIssue(issues, RegistryIssueCode.BadPublicKey, '130100');
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['an empty list', []],
    ['more than the current and the previous key', [...encryptionKeys, ...x25519Keys(2)]],
    ['an Ed25519 key', [{ id: encryptionKeys[0].id, publicKey }]],
    ['not PEM', [{ id: encryptionKeys[0].id, publicKey: 'not a key' }]],
    ['listed under the id of another key', [{ ...x25519Keys(1)[0], id: encryptionKeys[0].id }]],
    ['the same key twice', [encryptionKeys[0], encryptionKeys[0]]],
    ['an id that is not 16 hex digits', [{ ...encryptionKeys[0], id: 'key-1' }]],
  ])('reports encryption keys that are %s', (_, keys) => {
    const issues = validateRegistryDocument(withNodes(replace('130100', { encryptionKeys: keys as RegistryNode['encryptionKeys'] })));
    expect(issues).toEqual([expect.objectContaining({ code: RegistryIssueCode.BadEncryptionKey, nodeId: '130100' })]);
    expectIssue(issues, RegistryIssueCode.BadEncryptionKey, '130100');
  });

  it('accepts a node listing its current and previous encryption keys', () => {
    expect(validateRegistryDocument(withNodes(replace('130100', { encryptionKeys: x25519Keys(2) })))).toEqual([]);
  });

  it('skips the key check when asked to', () => {
    const document = withNodes(replace('130100', { publicKey: 'placeholder' }));
    expect(validateRegistryDocument(document, { checkKeys: false })).toEqual([]);
  });

  it('reports a node without a name or with an unknown tier', () => {
    expectIssue(validateRegistryDocument(withNodes(replace('130102', { name: ' ' }))), RegistryIssueCode.Malformed, '130102');
    const issues = validateRegistryDocument(withNodes(replace('130102', { tier: 'village' as Tier })));
    expectIssue(issues, RegistryIssueCode.Malformed, '130102');
  });

  it.each<[string, unknown]>([
    ['not an object', []],
    ['null', null],
    ['of another format', { ...validDocument(), format: 'something-else' }],
    ['of an unsupported format version', { ...validDocument(), formatVersion: 3 }],
    ['of format 1, without encryption keys', { ...validDocument(), formatVersion: 1 }],
    ['without a version', { ...validDocument(), version: 0 }],
    ['without nodes', { ...validDocument(), nodes: undefined }],
  ])('reports a document that is %s as malformed', (_, raw) => {
    const issues = validateRegistryDocument(raw);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.code === RegistryIssueCode.Malformed)).toBe(true);
  });

  it('makes Registry.fromDocument throw with every issue', () => {
    expect(() => Registry.fromDocument(withNodes(replace('130102', { parentId: '130000' })), 'test.json')).toThrow(
      /test\.json is invalid: node 130102/,
    );
  });
});
