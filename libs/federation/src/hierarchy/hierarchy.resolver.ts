import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../auth/auth.guard';
import { Registry, UnknownNodeError } from '../registry/registry';
import { RegistryNode } from '../registry/registry.types';
import { FederationErrorCode, FederationException } from '../status/federation.exception';
import { HostContext } from '../transport/host-context';
import { HierarchyNode, HostInfo } from './hierarchy.types';

/** Read-only view of the registry: the tree every host shares, public like a directory. */
@Public()
@Resolver()
export class HierarchyResolver {
  constructor(
    private readonly registry: Registry,
    private readonly host: HostContext,
  ) {}

  @Query(() => HierarchyNode)
  node(@Args('id', { type: () => ID }) id: string): HierarchyNode {
    return this.view(this.lookup(id));
  }

  @Query(() => [HierarchyNode], { description: 'Direct children, by code' })
  children(@Args('id', { type: () => ID }) id: string): HierarchyNode[] {
    this.lookup(id);
    return this.registry.children(id).map((node) => this.view(node));
  }

  @Query(() => [HierarchyNode], { description: 'The node and its descendants down to `depth` levels (all when omitted), breadth first' })
  subtree(
    @Args('id', { type: () => ID }) id: string,
    @Args('depth', { type: () => Int, nullable: true }) depth?: number,
  ): HierarchyNode[] {
    this.lookup(id);
    if (depth !== undefined && depth !== null && depth < 0) {
      throw new FederationException(FederationErrorCode.BadArgument, 'depth must be zero or more');
    }
    return this.registry.subtree(id, depth ?? undefined).map((node) => this.view(node));
  }

  @Query(() => [HierarchyNode], { description: 'Ancestors from the parent up to central' })
  path(@Args('id', { type: () => ID }) id: string): HierarchyNode[] {
    this.lookup(id);
    return this.registry.ancestors(id).map((node) => this.view(node));
  }

  @Query(() => HostInfo)
  hostInfo(): HostInfo {
    return {
      hostId: this.host.hostId,
      app: this.registry.host(this.host.hostId)!.app,
      registryVersion: this.registry.version,
      registrySize: this.registry.size,
      nodes: this.host.servedNodes.map((node) => this.view(node)),
    };
  }

  private lookup(id: string): RegistryNode {
    try {
      return this.registry.node(id);
    } catch (error) {
      if (error instanceof UnknownNodeError) throw new FederationException(FederationErrorCode.UnknownNode, error.message);
      throw error;
    }
  }

  private view(node: RegistryNode): HierarchyNode {
    return {
      id: node.id,
      name: node.name,
      tier: node.tier,
      parentId: node.parentId ?? undefined,
      host: node.host,
      servedHere: this.host.serves(node.id),
      childCount: this.registry.children(node.id).length,
    };
  }
}
