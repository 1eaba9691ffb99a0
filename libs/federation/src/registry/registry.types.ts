/** The four tiers of the inspection hierarchy, top to bottom (中央 → 省 → 市 → 县). */
export enum Tier {
  Central = 'central',
  Provincial = 'provincial',
  Municipal = 'municipal',
  County = 'county',
}

export const TIERS_TOP_DOWN: readonly Tier[] = [Tier.Central, Tier.Provincial, Tier.Municipal, Tier.County];

export function tierDepth(tier: Tier): number {
  return TIERS_TOP_DOWN.indexOf(tier);
}

/** Which Nest application a host runs: central, a province's platform, or a local platform for cities and counties. */
export enum HostApp {
  Central = 'central',
  Provincial = 'provincial',
  Local = 'local',
}

export const CENTRAL_NODE_ID = '000000';
export const REGISTRY_FORMAT = 'inspection-federation/registry';
/** 2: nodes carry encryption keys (`encryptionKeys`) beside their signing key. */
export const REGISTRY_FORMAT_VERSION = 2;

export interface RegistryHost {
  id: string;
  app: HostApp;
}

export interface RegistryNode {
  /** GB/T 2260 six-digit division code; `000000` for central. */
  id: string;
  name: string;
  tier: Tier;
  parentId: string | null;
  /** Id of the host that serves this node. */
  host: string;
  /** Ed25519 public key, SPKI PEM: verifies what the node signs. */
  publicKey: string;
  /**
   * X25519 public keys that confidential content is sealed to, current first: senders seal to the
   * first; the node still opens boxes sealed to the others (the previous key after a rotation,
   * for messages in flight across it).
   */
  encryptionKeys: EncryptionKey[];
}

export interface EncryptionKey {
  /** What a sealed box names its key by: see `encryptionKeyId`. */
  id: string;
  /** X25519 public key, SPKI PEM. */
  publicKey: string;
}

export interface RegistryDocument {
  format: typeof REGISTRY_FORMAT;
  formatVersion: number;
  /** Bumped whenever the tree or its keys change; hosts log it at boot. */
  version: number;
  generatedAt: string;
  hosts: RegistryHost[];
  nodes: RegistryNode[];
}
