import { createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptionKeyFiles, encryptionKeyId } from './encryption-keys';
import { NodeKeyError } from './node-keys';

describe('encryption key files', () => {
  let keysDir: string;
  beforeEach(() => (keysDir = join(mkdtempSync(join(tmpdir(), 'encryption-keys-')), 'keys')));
  afterEach(() => rmSync(join(keysDir, '..'), { recursive: true, force: true }));

  it('creates a node’s first X25519 key readable only by its owner, named by its id', () => {
    const { keys, created } = new EncryptionKeyFiles(keysDir).ensure('130100');

    expect(created).toBe(true);
    expect(keys).toEqual([{ id: expect.stringMatching(/^[0-9a-f]{16}$/), publicKey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/) }]);
    expect(encryptionKeyId(keys[0].publicKey)).toBe(keys[0].id);
    expect(readdirSync(keysDir)).toEqual(['130100.x25519-1.key']);
    expect(statSync(join(keysDir, '130100.x25519-1.key')).mode & 0o777).toBe(0o600);
    expect(statSync(keysDir).mode & 0o777).toBe(0o700);

    // The private half on disk agrees with the public half listed.
    const [privateKey] = new EncryptionKeyFiles(keysDir).privateKeys('130100', keys).values();
    const peer = generateKeyPairSync('x25519');
    expect(diffieHellman({ privateKey, publicKey: peer.publicKey })).toEqual(diffieHellman({ privateKey: peer.privateKey, publicKey: createPublicKey(keys[0].publicKey) }));
  });

  it('keeps the keys on disk, and a rotation puts a new key first and the previous one second', () => {
    const [first] = new EncryptionKeyFiles(keysDir).ensure('130100').keys;
    expect(new EncryptionKeyFiles(keysDir).ensure('130100')).toEqual({ keys: [first], created: false });

    const rotated = new EncryptionKeyFiles(keysDir).ensure('130100', true);
    expect(rotated.created).toBe(true);
    expect(rotated.keys).toHaveLength(2);
    expect(rotated.keys[1]).toEqual(first);

    // A second rotation drops the oldest from the list (its file stays).
    const again = new EncryptionKeyFiles(keysDir).ensure('130100', true).keys;
    expect(again[1]).toEqual(rotated.keys[0]);
    expect(again.map((key) => key.id)).not.toContain(first.id);
    expect(readdirSync(keysDir).sort()).toEqual(['130100.x25519-1.key', '130100.x25519-2.key', '130100.x25519-3.key']);
  });

  it('loads the keys a registry lists, and names the node and the key id it cannot find', () => {
    const files = new EncryptionKeyFiles(keysDir);
    files.ensure('130100');
    const listed = files.ensure('130100', true).keys;
    expect([...new EncryptionKeyFiles(keysDir).privateKeys('130100', listed).keys()].sort()).toEqual(listed.map((key) => key.id).sort());

    const stranger = { id: '0123456789abcdef', publicKey: listed[0].publicKey };
    expect(() => new EncryptionKeyFiles(keysDir).privateKeys('130100', [stranger])).toThrow(NodeKeyError);
    expect(() => new EncryptionKeyFiles(keysDir).privateKeys('130100', [stranger])).toThrow(
      `encryption key 0123456789abcdef of node 130100 not found: no ${join(keysDir, '130100.x25519-*.key')} holds it`,
    );
    expect(() => new EncryptionKeyFiles(keysDir).privateKeys('130102', listed)).toThrow(/of node 130102 not found/);
  });

  it('refuses a file that holds another kind of key', () => {
    new EncryptionKeyFiles(keysDir).ensure('130100');
    writeFileSync(join(keysDir, '130102.x25519-1.key'), generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => new EncryptionKeyFiles(keysDir).ensure('130102')).toThrow(`${join(keysDir, '130102.x25519-1.key')} holds a ed25519 key, expected X25519`);
  });

  it('refuses a node id that could escape the keys directory', () => {
    expect(() => new EncryptionKeyFiles(keysDir).ensure('../130100')).toThrow(/cannot name a key file/);
  });
});
