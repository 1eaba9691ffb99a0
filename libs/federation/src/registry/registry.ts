import { readFileSync } from 'node:fs';
import { RegistryError, RegistryIssueCode } from './registry.error';
import { validateRegistryDocument } from './registry-validation';
import { RegistryDocument, RegistryHost, RegistryNode, Tier, tierDepth } from './registry.types';

export enum Direction {
  Down = 'down',
  Up = 'up',
}

/**
 * The validated hierarchy: who is whose parent, which host serves which node, and each node's
 * public key. Immutable once loaded; every host holds the same file.
 */
export class Registry {
  private readonly byId = new Map<string, RegistryNode>();
  private readonly childrenById = new Map<string, RegistryNode[]>();
  private readonly hostsById = new Map<string, RegistryHost>();

  private constructor(readonly document: RegistryDocument) {
    for (const host of document.hosts) this.hostsById.set(host.id, host);
    for (const node of document.nodes) {
      this.byId.set(node.id, node);
      this.childrenById.set(node.id, []);
    }
    for (const node of document.nodes) if (node.parentId) this.childrenById.get(node.parentId)!.push(node);
    for (const list of this.childrenById.values()) list.sort((a, b) => a.id.localeCompare(b.id));
  }

  static fromDocument(raw: unknown, source = 'registry'): Registry {
    const issues = validateRegistryDocument(raw);
    if (issues.length > 0) throw new RegistryError(issues, source);
    return new Registry(raw as RegistryDocument);
  }

  static load(file: string): Registry {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new RegistryError([{ code: RegistryIssueCode.Malformed, message: `cannot read ${file}: ${(error as Error).message}` }], file);
    }
    return Registry.fromDocument(raw, file);
  }

  get version(): number {
    return this.document.version;
  }

  get size(): number {
    return this.byId.size;
  }

  get nodes(): readonly RegistryNode[] {
    return this.document.nodes;
  }

  get hosts(): readonly RegistryHost[] {
    return this.document.hosts;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  find(id: string): RegistryNode | undefined {
    return this.byId.get(id);
  }

  node(id: string): RegistryNode {
    const node = this.byId.get(id);
    if (!node) throw new UnknownNodeError(id);
    return node;
  }

  host(id: string): RegistryHost | undefined {
    return this.hostsById.get(id);
  }

  nodesOfHost(hostId: string): RegistryNode[] {
    return this.document.nodes.filter((node) => node.host === hostId);
  }

  parent(id: string): RegistryNode | undefined {
    const parentId = this.node(id).parentId;
    return parentId ? this.byId.get(parentId) : undefined;
  }

  children(id: string): RegistryNode[] {
    this.node(id);
    return this.childrenById.get(id) ?? [];
  }

  /** Ancestors from the parent up to central. */
  ancestors(id: string): RegistryNode[] {
    const result: RegistryNode[] = [];
    for (let cursor = this.parent(id); cursor; cursor = cursor.parentId ? this.byId.get(cursor.parentId) : undefined) {
      result.push(cursor);
    }
    return result;
  }

  /** The node and its descendants, breadth first, down to `depth` levels below it (all when omitted). */
  subtree(id: string, depth = Number.POSITIVE_INFINITY): RegistryNode[] {
    const result: RegistryNode[] = [this.node(id)];
    let frontier = [this.node(id)];
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      frontier = frontier.flatMap((node) => this.childrenById.get(node.id) ?? []);
      result.push(...frontier);
    }
    return result;
  }

  descendantsOfTier(id: string, tier: Tier): RegistryNode[] {
    const levels = tierDepth(tier) - tierDepth(this.node(id).tier);
    if (levels <= 0) return [];
    return this.subtree(id, levels).filter((node) => node.tier === tier);
  }

  isAncestor(ancestorId: string, id: string): boolean {
    let cursor = this.byId.get(id)?.parentId ?? null;
    while (cursor) {
      if (cursor === ancestorId) return true;
      cursor = this.byId.get(cursor)?.parentId ?? null;
    }
    return false;
  }

  /** True when `id` is `rootId` or lies below it. */
  inSubtree(rootId: string, id: string): boolean {
    return rootId === id || this.isAncestor(rootId, id);
  }

  /**
   * The next node a message from `from` takes towards `destination`, following the tree only:
   * down through the child on the path when the destination lies below, otherwise up to the parent.
   */
  nextHop(from: string, destination: string): { node: RegistryNode; direction: Direction } {
    this.node(destination);
    if (from === destination) throw new Error(`node ${from} cannot send a message to itself`);
    if (this.isAncestor(from, destination)) {
      let cursor = this.node(destination);
      while (cursor.parentId !== from) cursor = this.node(cursor.parentId!);
      return { node: cursor, direction: Direction.Down };
    }
    const parent = this.parent(from);
    if (!parent) throw new Error(`node ${from} has no route to ${destination}`);
    return { node: parent, direction: Direction.Up };
  }

  /** The direction of a single hop, or undefined when the two nodes are not parent and child. */
  hopDirection(from: string, to: string): Direction | undefined {
    const sender = this.byId.get(from);
    const receiver = this.byId.get(to);
    if (!sender || !receiver) return undefined;
    if (receiver.parentId === from) return Direction.Down;
    if (sender.parentId === to) return Direction.Up;
    return undefined;
  }
}

export class UnknownNodeError extends Error {
  constructor(readonly nodeId: string) {
    super(`unknown node ${JSON.stringify(nodeId)}: it is not in the hierarchy registry`);
    this.name = 'UnknownNodeError';
  }
}
