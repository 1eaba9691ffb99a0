import { Registry } from '../registry/registry';
import { RegistryNode } from '../registry/registry.types';

/** Which host this process is, and the nodes it serves. */
export class HostContext {
  readonly servedNodes: readonly RegistryNode[];
  private readonly served: Set<string>;

  constructor(
    readonly hostId: string,
    readonly registry: Registry,
  ) {
    this.servedNodes = registry.nodesOfHost(hostId);
    this.served = new Set(this.servedNodes.map((node) => node.id));
  }

  serves(nodeId: string): boolean {
    return this.served.has(nodeId);
  }

  hostOf(nodeId: string): string {
    return this.registry.node(nodeId).host;
  }
}
