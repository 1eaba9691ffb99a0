import { Access, Caller, CurrentCaller, HostContext, RegistryNode, Role, Tier, TIERS_TOP_DOWN } from '@app/federation';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ANALYTICS_KINDS, AnalyticsKind } from './analytics.enums';
import { AnalyticsException, AnalyticsErrorCode } from './analytics.exception';
import { figureLoader } from './analytics.loader';
import { AnalyticsService } from './analytics.service';
import { PERIOD, RollupFigures, RollupFilter, RollupNode, RollupPage } from './analytics.types';

const READERS = [Role.Analyst, Role.InspectionOffice, Role.LeadingGroup];

@Resolver(() => RollupNode)
export class AnalyticsResolver {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly access: Access,
    private readonly host: HostContext,
  ) {}

  @Query(() => RollupPage, {
    description: 'Roll-ups of a region of the caller’s subtree, node by node, as the caller’s node holds them (drill down by choosing the region)',
    complexity: ({ args, childComplexity }) => 1 + (args.filter?.first ?? 50) * Math.max(childComplexity, 1),
  })
  analyticsRollup(@CurrentCaller() caller: Caller, @Args('filter', { type: () => RollupFilter, nullable: true }) filter: RollupFilter | null): RollupPage {
    this.access.assertRole(caller, ...READERS);
    const f = filter ?? new RollupFilter();
    const regionId = f.region ?? caller.nodeId;
    this.access.assertWithin(caller, regionId);
    const registry = this.host.registry;
    const region = registry.node(regionId);
    const tier = f.tier ?? TIERS_TOP_DOWN[Math.min(TIERS_TOP_DOWN.indexOf(region.tier) + 1, TIERS_TOP_DOWN.length - 1)];
    if (TIERS_TOP_DOWN.indexOf(tier) < TIERS_TOP_DOWN.indexOf(region.tier)) {
      throw new AnalyticsException(AnalyticsErrorCode.TierAboveRegion, `tier ${tier} is above the region ${regionId} (${region.tier})`);
    }
    const all = (tier === region.tier ? [region] : registry.descendantsOfTier(regionId, tier)).sort((a, b) => a.id.localeCompare(b.id));
    const start = f.after ? all.findIndex((node) => node.id > f.after!) : 0;
    const items = start < 0 ? [] : all.slice(start, start + (f.first ?? 50));
    const last = items.at(-1);
    return {
      region: view(region),
      items: items.map(view),
      total: all.length,
      nextCursor: last && all.at(-1)!.id !== last.id ? last.id : null,
    };
  }

  @ResolveField(() => RollupFigures, { complexity: ({ childComplexity }) => 10 + childComplexity })
  async figures(
    @CurrentCaller() caller: Caller,
    @Context('req') req: object,
    @Parent() node: RollupNode,
    @Args('kinds', { type: () => [AnalyticsKind], nullable: true }) kinds: AnalyticsKind[] | null,
    @Args('periodFrom', { type: () => String, nullable: true, description: 'YYYY-MM (by due month; clues by month recorded)' }) periodFrom: string | null,
    @Args('periodTo', { type: () => String, nullable: true }) periodTo: string | null,
    @Args('term', { type: () => String, nullable: true, description: '全覆盖 term, e.g. 2022-2027' }) term: string | null,
  ): Promise<RollupFigures> {
    for (const period of [periodFrom, periodTo]) {
      if (period && !PERIOD.test(period)) throw new AnalyticsException(AnalyticsErrorCode.BadPeriod, `period ${period} is not YYYY-MM`);
    }
    const counts = await figureLoader(req, this.analytics, { holderNodeId: caller.nodeId, kinds: kinds?.length ? kinds : ANALYTICS_KINDS, periodFrom, periodTo, term }).load(node.nodeId);
    const filing = (key: string) => counts.find((c) => c.kind === AnalyticsKind.Filing && c.key === key)?.value ?? 0;
    const submitted = filing('on_time') + filing('late');
    const coverage = (key: string) => counts.filter((c) => c.kind === AnalyticsKind.Coverage && c.key === key).reduce((n, c) => n + c.value, 0);
    return {
      counts,
      lastUpdatedAt: counts.reduce<Date | null>((max, c) => (!max || c.lastUpdatedAt > max ? c.lastUpdatedAt : max), null),
      filingOnTimeRate: submitted > 0 ? filing('on_time') / submitted : null,
      coverageRate: coverage('organisations') > 0 ? coverage('inspected') / coverage('organisations') : null,
    };
  }
}

function view(node: RegistryNode): RollupNode {
  return { nodeId: node.id, name: node.name, tier: node.tier as Tier, parentId: node.parentId ?? null };
}

