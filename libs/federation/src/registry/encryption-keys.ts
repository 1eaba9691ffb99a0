import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NodeKeyError, nodeKeyFile, writeKeyFileOnce } from './node-keys';
import { EncryptionKey } from './registry.types';

/** How many of a node's encryption keys the registry lists: the current one and the one before it. */
export const ENCRYPTION_KEYS_KEPT = 2;

const FILE = /^([A-Za-z0-9_-]+)\.x25519-(\d+)\.key$/;

/**
 * A key's id: the first 16 hex digits of the SHA-256 of its 32 raw bytes. Derived from the key, so
 * the registry cannot pair an id with the wrong key, and a sealed box names exactly one key.
 */
export function encryptionKeyId(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const raw = Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

export function encryptionKeyOf(privateKey: KeyObject): EncryptionKey {
  const publicKey = createPublicKey(privateKey);
  return { id: encryptionKeyId(publicKey), publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

/**
 * The X25519 private keys of a keys directory, one file per key and node, `<nodeId>.x25519-<n>.key`
 * (PKCS8 PEM, mode 0600), `n` counting the node's rotations. The directory is listed once: a
 * national registry has thousands of nodes.
 */
export class EncryptionKeyFiles {
  private readonly sequences = new Map<string, number[]>();

  constructor(readonly keysDir: string) {
    let names: string[] = [];
    try {
      names = readdirSync(keysDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const name of names) {
      const match = FILE.exec(name);
      if (!match) continue;
      const list = this.sequences.get(match[1]) ?? [];
      list.push(Number(match[2]));
      this.sequences.set(match[1], list);
    }
    for (const list of this.sequences.values()) list.sort((a, b) => b - a);
  }

  /**
   * The node's newest keys, current first, creating its first key — or, with `rotate`, a new current
   * one. Older keys stay on disk but leave the registry, and with it what hosts load.
   */
  ensure(nodeId: string, rotate = false): { keys: EncryptionKey[]; created: boolean } {
    const existing = this.sequences.get(nodeId) ?? [];
    let created = false;
    if (existing.length === 0 || rotate) {
      const next = (existing[0] ?? 0) + 1;
      if (!writeKeyFileOnce(this.keysDir, this.file(nodeId, next), generateKeyPairSync('x25519').privateKey)) {
        throw new NodeKeyError(this.file(nodeId, next), `${this.file(nodeId, next)} appeared while writing it: is another registry run going on?`);
      }
      existing.unshift(next);
      this.sequences.set(nodeId, existing);
      created = true;
    }
    const keys = existing.slice(0, ENCRYPTION_KEYS_KEPT).map((n) => encryptionKeyOf(this.load(nodeId, n)));
    return { keys, created };
  }

  /**
   * The private keys a registry lists for a node, by id. A key it lists that no file holds is an
   * error naming the node and the id: the host could not open what is sealed to it.
   */
  privateKeys(nodeId: string, wanted: readonly EncryptionKey[]): Map<string, KeyObject> {
    const found = new Map<string, KeyObject>();
    const ids = new Set(wanted.map((key) => key.id));
    for (const n of this.sequences.get(nodeId) ?? []) {
      if (found.size === ids.size) break;
      const key = this.load(nodeId, n);
      const id = encryptionKeyId(createPublicKey(key));
      if (ids.has(id)) found.set(id, key);
    }
    const missing = [...ids].filter((id) => !found.has(id));
    if (missing.length > 0) {
      const pattern = join(this.keysDir, `${nodeId}.x25519-*.key`);
      throw new NodeKeyError(pattern, `encryption key ${missing.join(', ')} of node ${nodeId} not found: no ${pattern} holds it`);
    }
    return found;
  }

  private file(nodeId: string, n: number): string {
    // nodeKeyFile refuses an id that could name a file outside keysDir.
    return nodeKeyFile(this.keysDir, nodeId).replace(/\.key$/, `.x25519-${n}.key`);
  }

  private load(nodeId: string, n: number): KeyObject {
    const file = this.file(nodeId, n);
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: readFileSync(file, 'utf8'), format: 'pem' });
    } catch (error) {
      throw new NodeKeyError(file, `cannot read encryption key of node ${nodeId} from ${file}: ${(error as Error).message}`);
    }
    if (key.asymmetricKeyType !== 'x25519') throw new NodeKeyError(file, `${file} holds a ${key.asymmetricKeyType ?? 'unknown'} key, expected X25519 (node ${nodeId})`);
    return key;
  }
}
