import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class NodeKeyError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'NodeKeyError';
  }
}

export function nodeKeyFile(keysDir: string, nodeId: string): string {
  // The id becomes a file name, so nothing that could climb out of keysDir gets through.
  if (!/^[A-Za-z0-9_-]+$/.test(nodeId)) throw new Error(`node id ${JSON.stringify(nodeId)} cannot name a key file`);
  return join(keysDir, `${nodeId}.key`);
}

/**
 * Returns the node's public key (SPKI PEM), generating and storing an Ed25519 private key
 * (PKCS8 PEM, mode 0600) the first time. An existing key is never replaced: peers trust its public half.
 */
export function ensureNodeKey(keysDir: string, nodeId: string): { publicKeyPem: string; created: boolean } {
  const file = nodeKeyFile(keysDir, nodeId);
  if (existsSync(file)) return { publicKeyPem: publicPem(loadNodePrivateKey(keysDir, nodeId)), created: false };

  const { privateKey } = generateKeyPairSync('ed25519');
  if (!writeKeyFileOnce(keysDir, file, privateKey)) return { publicKeyPem: publicPem(loadNodePrivateKey(keysDir, nodeId)), created: false };
  return { publicKeyPem: publicPem(privateKey), created: true };
}

/**
 * Writes a private key (PKCS8 PEM, mode 0600, in a keys directory of mode 0700) unless the file
 * exists; false when it did. Only the keys directory itself is private; parents get the usual mode.
 */
export function writeKeyFileOnce(keysDir: string, file: string, privateKey: KeyObject): boolean {
  mkdirSync(dirname(keysDir), { recursive: true });
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  try {
    // link, unlike rename, fails when the target exists: a concurrent run cannot overwrite a key already handed out.
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(temp);
  }
}

export function loadNodePrivateKey(keysDir: string, nodeId: string): KeyObject {
  const file = nodeKeyFile(keysDir, nodeId);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw new NodeKeyError(file, `private key of node ${nodeId} not found: ${file} does not exist`);
    throw new NodeKeyError(file, `cannot read private key of node ${nodeId} from ${file}: ${message}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new NodeKeyError(file, `${file} does not hold a PEM private key (node ${nodeId})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new NodeKeyError(file, `${file} holds a ${key.asymmetricKeyType ?? 'unknown'} key, expected Ed25519 (node ${nodeId})`);
  }
  return key;
}

function publicPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
}
