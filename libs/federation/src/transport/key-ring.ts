import { Injectable } from '@nestjs/common';
import { KeyObject, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from '../envelope/canonical-json';
import { EncryptionKeyFiles } from '../registry/encryption-keys';
import { loadNodePrivateKey } from '../registry/node-keys';
import { Registry } from '../registry/registry';

/**
 * Private keys of the nodes this host serves — each one's signing key and the encryption keys the
 * registry lists for it — loaded once at boot, so that a missing key stops the host at start rather
 * than at the first send; and the registry's public keys, parsed on first use.
 */
@Injectable()
export class KeyRing {
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();
  private readonly encryptionKeys = new Map<string, Map<string, KeyObject>>();
  private readonly sealingKeys = new Map<string, { keyId: string; publicKey: KeyObject }>();

  constructor(private readonly registry: Registry) {}

  loadPrivateKeys(keysDir: string, nodeIds: Iterable<string>): void {
    const encryption = new EncryptionKeyFiles(keysDir);
    for (const id of nodeIds) {
      this.privateKeys.set(id, loadNodePrivateKey(keysDir, id));
      this.encryptionKeys.set(id, encryption.privateKeys(id, this.registry.node(id).encryptionKeys));
    }
  }

  /** The private encryption key `keyId` of a node served here, if the registry still lists it. */
  encryptionKey(nodeId: string, keyId: string): KeyObject | undefined {
    return this.encryptionKeys.get(nodeId)?.get(keyId);
  }

  /** The current encryption key of any node: what content for it is sealed to. */
  sealingKey(nodeId: string): { keyId: string; publicKey: KeyObject } {
    let key = this.sealingKeys.get(nodeId);
    if (!key) {
      const [current] = this.registry.node(nodeId).encryptionKeys;
      key = { keyId: current.id, publicKey: createPublicKey(current.publicKey) };
      this.sealingKeys.set(nodeId, key);
    }
    return key;
  }

  /** Whether this host holds `nodeId`'s private key (serves it). */
  holds(nodeId: unknown): nodeId is string {
    return typeof nodeId === 'string' && this.privateKeys.has(nodeId);
  }

  privateKey(nodeId: string): KeyObject {
    const key = this.privateKeys.get(nodeId);
    if (!key) throw new Error(`this host holds no private key for node ${nodeId}`);
    return key;
  }

  publicKey(nodeId: string): KeyObject | undefined {
    let key = this.publicKeys.get(nodeId);
    if (!key) {
      const node = this.registry.find(nodeId);
      if (!node) return undefined;
      key = createPublicKey(node.publicKey);
      this.publicKeys.set(nodeId, key);
    }
    return key;
  }

  signControl(nodeId: string, body: object): string {
    return sign(null, Buffer.from(canonicalJson(body)), this.privateKey(nodeId)).toString('base64');
  }

  verifyControl(nodeId: string, body: object, signature: unknown): boolean {
    const key = this.publicKey(nodeId);
    if (!key || typeof signature !== 'string') return false;
    try {
      return verify(null, Buffer.from(canonicalJson(body)), key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}
