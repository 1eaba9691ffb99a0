import { Tier, tierDepth } from '@app/federation';

export interface TreeNode {
  id: string;
  tier: Tier;
}

/**
 * Where a clue goes (干部管理权限): to the discipline organ of the level whose organisation manages
 * the cadre when that level is above the node that found it; otherwise to the finding node's own
 * discipline organ. `ancestors` run from the parent up to central.
 */
export function clueDestination(origin: TreeNode, ancestors: readonly TreeNode[], managedBy: Tier): string {
  if (tierDepth(managedBy) >= tierDepth(origin.tier)) return origin.id;
  const manager = ancestors.find((node) => node.tier === managedBy);
  if (!manager) throw new RangeError(`no ${managedBy} level above ${origin.id}`);
  return manager.id;
}
