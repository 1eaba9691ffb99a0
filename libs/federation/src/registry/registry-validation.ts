import { createPublicKey } from 'node:crypto';
import { ENCRYPTION_KEYS_KEPT, encryptionKeyId } from './encryption-keys';
import { RegistryIssue, RegistryIssueCode } from './registry.error';
import {
  CENTRAL_NODE_ID,
  HostApp,
  REGISTRY_FORMAT,
  REGISTRY_FORMAT_VERSION,
  RegistryDocument,
  RegistryNode,
  Tier,
  tierDepth,
} from './registry.types';

const NODE_ID = /^\d{6}$/;
const TIERS = new Set<string>(Object.values(Tier));
const APPS = new Set<string>(Object.values(HostApp));

/**
 * Checks a parsed registry document and returns every problem found, each naming the node at fault.
 * An empty list means the document describes one well-formed tree.
 */
export function validateRegistryDocument(raw: unknown, options: { checkKeys?: boolean } = {}): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  const add = (code: RegistryIssueCode, message: string, nodeId?: string) => issues.push({ code, message, nodeId });

  if (!isObject(raw)) return [{ code: RegistryIssueCode.Malformed, message: 'registry must be a JSON object' }];
  if (raw.format !== REGISTRY_FORMAT) add(RegistryIssueCode.Malformed, `format must be "${REGISTRY_FORMAT}"`);
  if (raw.formatVersion !== REGISTRY_FORMAT_VERSION) {
    // Format 1 had no encryption keys; the registry CLI rewrites such a file keeping its nodes' signing keys.
    add(RegistryIssueCode.Malformed, `formatVersion ${String(raw.formatVersion)} is not supported (expected ${REGISTRY_FORMAT_VERSION}): write it again with npm run registry`);
  }
  if (!Number.isInteger(raw.version) || (raw.version as number) < 1) add(RegistryIssueCode.Malformed, 'version must be a positive integer');
  if (!Array.isArray(raw.hosts)) add(RegistryIssueCode.Malformed, 'hosts must be an array');
  if (!Array.isArray(raw.nodes)) add(RegistryIssueCode.Malformed, 'nodes must be an array');
  if (issues.length > 0) return issues;

  const doc = raw as unknown as RegistryDocument;
  const hostIds = new Set<string>();
  for (const [index, host] of doc.hosts.entries()) {
    if (!isObject(host) || typeof host.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(host.id)) {
      add(RegistryIssueCode.Malformed, `hosts[${index}]: id must be lower-case letters, digits and dashes`);
      continue;
    }
    if (!APPS.has(host.app as string)) add(RegistryIssueCode.Malformed, `host ${host.id}: app must be one of ${[...APPS].join(', ')}`);
    if (hostIds.has(host.id)) add(RegistryIssueCode.DuplicateHost, `host ${host.id} is listed twice`);
    hostIds.add(host.id);
  }

  const byId = new Map<string, RegistryNode>();
  for (const [index, node] of doc.nodes.entries()) {
    if (!isObject(node)) {
      add(RegistryIssueCode.Malformed, `nodes[${index}] must be an object`);
      continue;
    }
    const id = node.id;
    if (typeof id !== 'string' || !NODE_ID.test(id)) {
      add(RegistryIssueCode.BadId, `nodes[${index}]: id ${JSON.stringify(id)} is not a six-digit GB/T 2260 code`, typeof id === 'string' ? id : undefined);
      continue;
    }
    if (byId.has(id)) {
      add(RegistryIssueCode.DuplicateId, `node ${id} is listed more than once`, id);
      continue;
    }
    if (typeof node.name !== 'string' || node.name.trim() === '') add(RegistryIssueCode.Malformed, `node ${id}: name is missing`, id);
    if (!TIERS.has(node.tier as string)) add(RegistryIssueCode.Malformed, `node ${id}: tier ${JSON.stringify(node.tier)} is not one of ${[...TIERS].join(', ')}`, id);
    if (node.parentId !== null && (typeof node.parentId !== 'string' || !NODE_ID.test(node.parentId))) {
      add(RegistryIssueCode.BadId, `node ${id}: parentId ${JSON.stringify(node.parentId)} is not a six-digit code or null`, id);
    }
    if (typeof node.host !== 'string' || !hostIds.has(node.host)) {
      add(RegistryIssueCode.UnknownHost, `node ${id}: host ${JSON.stringify(node.host)} is not one of the registry's hosts`, id);
    }
    if (typeof node.publicKey !== 'string' || (options.checkKeys !== false && !isEd25519PublicKey(node.publicKey))) {
      add(RegistryIssueCode.BadPublicKey, `node ${id}: publicKey is not an Ed25519 public key in PEM`, id);
    }
    const encryptionProblem = encryptionKeysProblem(node.encryptionKeys, options.checkKeys !== false);
    if (encryptionProblem) add(RegistryIssueCode.BadEncryptionKey, `node ${id}: encryptionKeys ${encryptionProblem}`, id);
    byId.set(id, node as unknown as RegistryNode);
  }

  const roots = [...byId.values()].filter((node) => node.tier === Tier.Central);
  if (roots.length === 0) add(RegistryIssueCode.NoCentral, `there is no central node (tier "central", id ${CENTRAL_NODE_ID})`);
  if (roots.length > 1) add(RegistryIssueCode.SeveralCentral, `there must be exactly one central node, found ${roots.map((n) => n.id).join(', ')}`);
  for (const root of roots) {
    if (root.parentId !== null) add(RegistryIssueCode.TierMismatch, `node ${root.id}: the central node cannot have a parent`, root.id);
    if (root.id !== CENTRAL_NODE_ID) add(RegistryIssueCode.BadId, `node ${root.id}: the central node's id must be ${CENTRAL_NODE_ID}`, root.id);
  }

  for (const node of byId.values()) {
    if (node.tier === Tier.Central) continue;
    if (node.parentId === null) {
      add(RegistryIssueCode.UnknownParent, `node ${node.id}: a ${node.tier} node must have a parent`, node.id);
      continue;
    }
    const parent = byId.get(node.parentId);
    if (!parent) {
      add(RegistryIssueCode.UnknownParent, `node ${node.id}: parent ${node.parentId} does not exist`, node.id);
      continue;
    }
    if (TIERS.has(node.tier) && TIERS.has(parent.tier) && tierDepth(node.tier) !== tierDepth(parent.tier) + 1) {
      add(RegistryIssueCode.TierMismatch, `node ${node.id}: a ${node.tier} node cannot sit under ${parent.tier} node ${parent.id}`, node.id);
    }
  }

  for (const node of byId.values()) {
    const seen = new Set<string>([node.id]);
    let cursor = node.parentId ? byId.get(node.parentId) : undefined;
    while (cursor) {
      if (seen.has(cursor.id)) {
        add(RegistryIssueCode.Cycle, `node ${node.id}: its chain of parents loops back through ${cursor.id}`, node.id);
        break;
      }
      seen.add(cursor.id);
      cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
    }
  }
  return issues;
}

function isEd25519PublicKey(pem: string): boolean {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

/** What is wrong with a node's encryption keys, if anything: 1 or 2 X25519 keys, each under its own id. */
function encryptionKeysProblem(keys: unknown, checkKeys: boolean): string | undefined {
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > ENCRYPTION_KEYS_KEPT) return `must list 1 to ${ENCRYPTION_KEYS_KEPT} keys, current first`;
  const ids = new Set<string>();
  for (const [index, key] of keys.entries()) {
    if (!isObject(key) || typeof key.id !== 'string' || !/^[0-9a-f]{16}$/.test(key.id) || typeof key.publicKey !== 'string') {
      return `[${index}] must be { id: 16 hex digits, publicKey: PEM }`;
    }
    if (ids.has(key.id)) return `[${index}]: id ${key.id} is listed twice`;
    ids.add(key.id);
    if (!checkKeys) continue;
    let actual: string;
    try {
      const publicKey = createPublicKey(key.publicKey);
      if (publicKey.asymmetricKeyType !== 'x25519') return `[${index}] is not an X25519 public key in PEM`;
      actual = encryptionKeyId(publicKey);
    } catch {
      return `[${index}] is not an X25519 public key in PEM`;
    }
    if (actual !== key.id) return `[${index}]: id ${key.id} does not name its key (${actual})`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
