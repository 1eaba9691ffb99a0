import { Registry, Tier } from '@app/federation';
import { RoundMode } from './inspection-round.enums';
import { RoundErrorCode, RoundException } from './inspection-round.exception';

export interface TargetOrganisation {
  id: string;
  name: string;
  inspectorNodeId: string;
  regionNodeId: string | null;
  activeFrom: string;
  activeTo: string | null;
}

export interface TeamPlan {
  name: string;
  fromNodeId: string;
  targetIds: string[];
}

/**
 * Whom a round of `nodeId` may inspect, by 管理权限: its own register; in an elevated round (提级)
 * or a cross round (交叉) organisations registered below it; in a city–county round (市县联动) the
 * city's register and its counties'. Every target must be active on the day the teams arrive.
 */
export function assertTargets(registry: Registry, nodeId: string, mode: RoundMode, targets: readonly TargetOrganisation[], stationOn: string): void {
  for (const org of targets) {
    if (org.activeFrom > stationOn || (org.activeTo !== null && org.activeTo < stationOn)) {
      throw new RoundException(RoundErrorCode.InvalidTarget, `${org.name} is not active on ${stationOn}`);
    }
    const own = org.inspectorNodeId === nodeId;
    const below = registry.isAncestor(nodeId, org.inspectorNodeId);
    const allowed =
      mode === RoundMode.Own ? own : mode === RoundMode.CityCounty ? own || registry.parent(org.inspectorNodeId)?.id === nodeId : below;
    if (!allowed) {
      const why =
        mode === RoundMode.Own
          ? `${org.name} is inspected by ${org.inspectorNodeId}, not by ${nodeId}`
          : mode === RoundMode.CityCounty
            ? `${org.name} is registered neither by ${nodeId} nor by one of its counties`
            : `${org.name} is not registered below ${nodeId}`;
      throw new RoundException(RoundErrorCode.NotInspector, why);
    }
  }
  if (mode === RoundMode.CityCounty && registry.node(nodeId).tier !== Tier.Municipal) {
    throw new RoundException(RoundErrorCode.InvalidTarget, '市县巡察联动 is a city’s round');
  }
}

/**
 * Every target is covered by exactly one team. Teams come from the node itself, or in a cross round
 * from nodes below it that are neither the target's nor above or below it (another city's team), or
 * in a city–county round from the city or its counties.
 */
export function assertTeams(registry: Registry, nodeId: string, mode: RoundMode, teams: readonly TeamPlan[], targets: readonly TargetOrganisation[]): void {
  const byId = new Map(targets.map((org) => [org.id, org]));
  const covered = new Map<string, string>();
  const names = new Set<string>();
  for (const team of teams) {
    if (names.has(team.name)) throw new RoundException(RoundErrorCode.InvalidTeam, `two teams are called ${team.name}`);
    names.add(team.name);
    if (team.targetIds.length === 0) throw new RoundException(RoundErrorCode.InvalidTeam, `${team.name} covers no target`);
    assertTeamNode(registry, nodeId, mode, team);
    for (const id of team.targetIds) {
      const org = byId.get(id);
      if (!org) throw new RoundException(RoundErrorCode.InvalidTeam, `${team.name} covers ${id}, which is not a target of the round`);
      if (covered.has(id)) throw new RoundException(RoundErrorCode.InvalidTeam, `${org.name} is covered by both ${covered.get(id)} and ${team.name}`);
      covered.set(id, team.name);
      if (mode === RoundMode.Cross) {
        const lineal = [org.inspectorNodeId, org.regionNodeId ?? org.inspectorNodeId].some((id) => registry.inSubtree(team.fromNodeId, id) || registry.inSubtree(id, team.fromNodeId));
        if (lineal) throw new RoundException(RoundErrorCode.InvalidTeam, `${team.name} of ${team.fromNodeId} would inspect its own line (${org.name}): a cross team comes from elsewhere`);
      }
    }
  }
  const missing = targets.filter((org) => !covered.has(org.id));
  if (missing.length > 0) throw new RoundException(RoundErrorCode.InvalidTeam, `no team covers ${missing.map((org) => org.name).join('、')}`);
}

function assertTeamNode(registry: Registry, nodeId: string, mode: RoundMode, team: TeamPlan): void {
  const from = team.fromNodeId;
  const ok =
    mode === RoundMode.Cross
      ? registry.isAncestor(nodeId, from)
      : mode === RoundMode.CityCounty
        ? from === nodeId || registry.parent(from)?.id === nodeId
        : from === nodeId;
  if (!ok) {
    const rule = mode === RoundMode.Cross ? 'a node below the arranging one' : mode === RoundMode.CityCounty ? 'the city or one of its counties' : 'the arranging node';
    throw new RoundException(RoundErrorCode.InvalidTeam, `${team.name} comes from ${from}; in a ${mode} round teams come from ${rule}`);
  }
}

/** The other nodes that record the round: its teams' nodes, and its targets' registers and regions. */
export function concernedNodes(ownerId: string, teams: ReadonlyArray<{ fromNodeId: string }>, targets: ReadonlyArray<{ inspectorNodeId: string; regionNodeId: string | null }>): string[] {
  const nodes = new Set<string>();
  for (const team of teams) nodes.add(team.fromNodeId);
  for (const org of targets) {
    nodes.add(org.inspectorNodeId);
    if (org.regionNodeId) nodes.add(org.regionNodeId);
  }
  nodes.delete(ownerId);
  return [...nodes].sort();
}
