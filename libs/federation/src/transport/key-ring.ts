import { Injectable } from '@nestjs/common';
import { KeyObject, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from '../envelope/canonical-json';
import { loadNodePrivateKey } from '../registry/node-keys';
import { Registry } from '../registry/registry';

/**
 * Private keys of the nodes this host serves (loaded once at boot, so a missing key stops the
 * host at start rather than at the first send) and the registry's public keys, parsed on first use.
 */
@Injectable()
export class KeyRing {
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(private readonly registry: Registry) {}

  loadPrivateKeys(keysDir: string, nodeIds: Iterable<string>): void {
    for (const id of nodeIds) this.privateKeys.set(id, loadNodePrivateKey(keysDir, id));
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
