import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeKeyError, ensureNodeKey, loadNodePrivateKey } from './node-keys';

describe('node keys', () => {
  let root: string;
  let keysDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'node-keys-'));
    keysDir = join(root, 'nested', 'keys');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates an Ed25519 key readable only by its owner, in a private directory', () => {
    const { publicKeyPem, created } = ensureNodeKey(keysDir, '130100');

    expect(created).toBe(true);
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(statSync(join(keysDir, '130100.key')).mode & 0o777).toBe(0o600);
    expect(statSync(keysDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(keysDir)).toEqual(['130100.key']);

    const privateKey = loadNodePrivateKey(keysDir, '130100');
    const payload = Buffer.from('整改情况报告');
    expect(verify(null, payload, publicKeyPem, sign(null, payload, privateKey))).toBe(true);
  });

  it('keeps an existing key', () => {
    const first = ensureNodeKey(keysDir, '130100');
    const pem = readFileSync(join(keysDir, '130100.key'), 'utf8');

    const second = ensureNodeKey(keysDir, '130100');

    expect(second).toEqual({ publicKeyPem: first.publicKeyPem, created: false });
    expect(readFileSync(join(keysDir, '130100.key'), 'utf8')).toBe(pem);
    expect(ensureNodeKey(keysDir, '130102').publicKeyPem).not.toBe(first.publicKeyPem);
  });

  it('names the missing file', () => {
    expect(() => loadNodePrivateKey(keysDir, '130100')).toThrow(NodeKeyError);
    expect(() => loadNodePrivateKey(keysDir, '130100')).toThrow(`${join(keysDir, '130100.key')} does not exist`);
  });

  it('names a file that cannot be read or does not hold a PEM key', () => {
    mkdirSync(join(keysDir, '130100.key'), { recursive: true });
    expect(() => loadNodePrivateKey(keysDir, '130100')).toThrow(`cannot read private key of node 130100 from ${join(keysDir, '130100.key')}`);
    expect(() => ensureNodeKey(keysDir, '130100')).toThrow(NodeKeyError);

    writeFileSync(join(keysDir, '130102.key'), 'not a key');
    expect(() => loadNodePrivateKey(keysDir, '130102')).toThrow(`${join(keysDir, '130102.key')} does not hold a PEM private key`);
  });

  it('refuses a key that is not Ed25519, and never replaces it', () => {
    mkdirSync(keysDir, { recursive: true });
    const x25519 = generateKeyPairSync('x25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(keysDir, '130100.key'), x25519);

    expect(() => loadNodePrivateKey(keysDir, '130100')).toThrow(`${join(keysDir, '130100.key')} holds a x25519 key, expected Ed25519`);
    expect(() => ensureNodeKey(keysDir, '130100')).toThrow(NodeKeyError);
    expect(readFileSync(join(keysDir, '130100.key'), 'utf8')).toBe(x25519);
  });

  it('refuses a node id that could escape the keys directory', () => {
    expect(() => ensureNodeKey(keysDir, '../130100')).toThrow(/cannot name a key file/);
  });
});
