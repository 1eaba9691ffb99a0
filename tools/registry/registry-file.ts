import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  EncryptionKeyFiles,
  REGISTRY_FORMAT,
  REGISTRY_FORMAT_VERSION,
  Registry,
  RegistryDocument,
  RegistryHost,
  RegistryNode,
  TIERS_TOP_DOWN,
  Tier,
  ensureNodeKey,
} from '@app/federation/registry';
import { DivisionTree } from './division-tree';

export interface RegistrySummary {
  file: string;
  version: number;
  /** False when the tree and keys matched the existing file, which keeps its version. */
  changed: boolean;
  nodesByTier: Record<Tier, number>;
  hosts: number;
  keysCreated: number;
  keysKept: number;
  /** Nodes given a new current encryption key (their first, or a rotation). */
  encryptionKeysCreated: number;
}

/**
 * Gives every node its keys (reusing the ones on disk): an Ed25519 signing key, and X25519
 * encryption keys, the current one and the one before it. `rotate` names the nodes (or `all`) that
 * get a new current encryption key. The registry is written only if the result validates; its
 * version moves only when hosts, nodes or keys change, so hosts can tell a real change.
 */
export function writeRegistry({ tree, outFile, keysDir, rotate = [] }: { tree: DivisionTree; outFile: string; keysDir: string; rotate?: readonly string[] | 'all' }): RegistrySummary {
  const unknown = rotate === 'all' ? [] : rotate.filter((id) => !tree.nodes.some((node) => node.id === id));
  if (unknown.length > 0) throw new Error(`cannot rotate the keys of ${unknown.join(', ')}: not in the tree`);
  const rotating = (id: string) => rotate === 'all' || rotate.includes(id);
  const encryption = new EncryptionKeyFiles(keysDir);
  let keysCreated = 0;
  let encryptionKeysCreated = 0;
  const nodes: RegistryNode[] = tree.nodes.map((node) => {
    const { publicKeyPem, created } = ensureNodeKey(keysDir, node.id);
    if (created) keysCreated++;
    const { keys: encryptionKeys, created: rotated } = encryption.ensure(node.id, rotating(node.id));
    if (rotated) encryptionKeysCreated++;
    return { id: node.id, name: node.name, tier: node.tier, parentId: node.parentId, host: node.host, publicKey: publicKeyPem, encryptionKeys };
  });
  const hosts: RegistryHost[] = tree.hosts.map((host) => ({ id: host.id, app: host.app }));

  const previous = readPrevious(outFile);
  const changed = !previous || contentKey(previous.hosts, previous.nodes) !== contentKey(hosts, nodes);
  const document: RegistryDocument = {
    format: REGISTRY_FORMAT,
    formatVersion: REGISTRY_FORMAT_VERSION,
    version: previous ? previous.version + (changed ? 1 : 0) : 1,
    generatedAt: !changed && previous?.generatedAt ? previous.generatedAt : new Date().toISOString(),
    hosts,
    nodes,
  };
  Registry.fromDocument(document, outFile);
  writeAtomically(outFile, `${JSON.stringify(document, null, 2)}\n`);

  const nodesByTier = Object.fromEntries(TIERS_TOP_DOWN.map((tier) => [tier, 0])) as Record<Tier, number>;
  for (const node of nodes) nodesByTier[node.tier]++;
  return { file: outFile, version: document.version, changed, nodesByTier, hosts: hosts.length, keysCreated, keysKept: nodes.length - keysCreated, encryptionKeysCreated };
}

interface Previous {
  version: number;
  generatedAt?: string;
  hosts: unknown[];
  nodes: unknown[];
}

/** The file being replaced; an unreadable one stops the run rather than restart its version at 1. */
function readPrevious(file: string): Previous | undefined {
  if (!existsSync(file)) return undefined;
  let raw: Partial<Record<keyof Previous, unknown>>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the existing registry ${file} (${(error as Error).message}); move it away to start again at version 1`);
  }
  if (!Number.isInteger(raw?.version) || (raw.version as number) < 1) {
    throw new Error(`the existing registry ${file} has no valid version; move it away to start again at version 1`);
  }
  return {
    version: raw.version as number,
    generatedAt: typeof raw.generatedAt === 'string' ? raw.generatedAt : undefined,
    hosts: Array.isArray(raw.hosts) ? raw.hosts : [],
    nodes: Array.isArray(raw.nodes) ? raw.nodes : [],
  };
}

/** Order-insensitive and field-order-insensitive fingerprint of the tree. */
function contentKey(hosts: unknown[], nodes: unknown[]): string {
  const pick = (value: unknown, fields: string[]) =>
    fields.map((field) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined));
  const lines = (items: unknown[], fields: string[]) => items.map((item) => JSON.stringify(pick(item, fields))).sort();
  return JSON.stringify([lines(hosts, ['id', 'app']), lines(nodes, ['id', 'name', 'tier', 'parentId', 'host', 'publicKey', 'encryptionKeys'])]);
}

function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      writeFileSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
