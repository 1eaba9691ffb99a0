import { Access, Caller, CurrentCaller, RegistryNode, Role, Tier, callerOf } from '@app/federation';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Args, Context, GraphQLSchemaHost, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { AnalyticsKind } from './analytics.enums';
import { AnalyticsException } from './analytics.exception';
import { requestFigures } from './analytics.loader';
import { AnalyticsService, FigureQuery } from './analytics.service';
import { RollupFigures, RollupFilter, RollupNode, RollupPage } from './analytics.types';
import { FiguresArguments, figuresSelected } from './figure-selection';

const READERS = [Role.Analyst, Role.InspectionOffice, Role.LeadingGroup];

@Resolver(() => RollupNode)
export class AnalyticsResolver implements OnApplicationBootstrap {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly access: Access,
    private readonly schemaHost: GraphQLSchemaHost,
  ) {}

  /**
   * `RollupNode.figures` is resolved once per node of a page (up to 200), and Nest runs every
   * call of a decorated field resolver through its context pipeline: a promise per parameter,
   * the global pipes, the result transform; about a seventh of a roll-up's CPU in bench:rollup.
   * The field stays declared below (arguments, complexity); once the schema is built, graphql-js
   * calls `figuresOf` directly. Nothing is skipped: field resolvers run no guards, filters or
   * interceptors here (no fieldResolverEnhancers), and the global ValidationPipe leaves these
   * arguments as they are.
   */
  onApplicationBootstrap(): void {
    const figures = (this.schemaHost.schema.getType('RollupNode') as GraphQLObjectType).getFields().figures;
    figures.resolve = (node: Pick<RollupNode, 'nodeId'>, args: Partial<FiguresArguments>, context: { req: object }) =>
      this.figuresOf(context.req, node, args.kinds ?? null, args.periodFrom ?? null, args.periodTo ?? null, args.term ?? null);
  }

  @Query(() => RollupPage, {
    description: 'Roll-ups of a region of the caller’s subtree, node by node, as the caller’s node holds them (drill down by choosing the region)',
    complexity: ({ args, childComplexity }) => 1 + (args.filter?.first ?? 50) * Math.max(childComplexity, 1),
  })
  async analyticsRollup(
    @CurrentCaller() caller: Caller,
    @Context('req') req: object,
    @Info() info: GraphQLResolveInfo,
    // The class alone (a union's metadata is Object), so that the global ValidationPipe applies its rules.
    @Args('filter', { type: () => RollupFilter, nullable: true }) filter?: RollupFilter,
  ): Promise<RollupPage> {
    this.access.assertRole(caller, ...READERS);
    const f = filter ?? new RollupFilter();
    const regionId = f.region ?? caller.nodeId;
    this.access.assertWithin(caller, regionId);
    const page = this.analytics.regionPage(regionId, f.tier ?? null, f.after ?? null, f.first ?? 50);
    const result: RollupPage = { region: view(page.region), items: page.items.map(view), total: page.total, nextCursor: page.nextCursor };
    await this.readSelectedFigures(caller, req, result, info);
    return result;
  }

  @ResolveField(() => RollupFigures, { complexity: ({ childComplexity }) => 10 + childComplexity })
  figures(
    @Context('req') req: object,
    // Not the RollupNode class: the global ValidationPipe would copy and validate every parent.
    @Parent() node: Pick<RollupNode, 'nodeId'>,
    @Args('kinds', { type: () => [AnalyticsKind], nullable: true }) kinds: AnalyticsKind[] | null,
    @Args('periodFrom', { type: () => String, nullable: true, description: 'YYYY-MM (by due month; clues by month recorded)' }) periodFrom: string | null,
    @Args('periodTo', { type: () => String, nullable: true }) periodTo: string | null,
    @Args('term', { type: () => String, nullable: true, description: '全覆盖 term, e.g. 2022-2027' }) term: string | null,
  ): RollupFigures | Promise<RollupFigures> {
    return this.figuresOf(req, node, kinds, periodFrom, periodTo, term);
  }

  /** A node's figures: as its page read them, or through the request's loader. */
  private figuresOf(req: object, node: Pick<RollupNode, 'nodeId'>, kinds: AnalyticsKind[] | null, periodFrom: string | null, periodTo: string | null, term: string | null): RollupFigures | Promise<RollupFigures> {
    const query = this.analytics.figureQuery(callerOf(req).nodeId, kinds, periodFrom, periodTo, term);
    return requestFigures(req, this.analytics, query).of(node.nodeId);
  }

  /**
   * The figures the operation asks of this page, read with the page: one statement per distinct
   * `figures` arguments for all its nodes, primed into the request's loaders so that the field
   * finds each node's at once. A bad period is left to the field, which answers it where asked.
   */
  private async readSelectedFigures(caller: Caller, req: object, page: RollupPage, info: GraphQLResolveInfo): Promise<void> {
    const wanted = new Map<string, { query: FigureQuery; nodes: Set<RollupNode> }>();
    for (const { on, args } of figuresSelected(info)) {
      let query: FigureQuery;
      try {
        query = this.analytics.figureQuery(caller.nodeId, args.kinds, args.periodFrom, args.periodTo, args.term);
      } catch (error) {
        if (error instanceof AnalyticsException) continue;
        throw error;
      }
      const key = JSON.stringify(query);
      const entry = wanted.get(key) ?? { query, nodes: new Set<RollupNode>() };
      wanted.set(key, entry);
      for (const node of on === 'region' ? [page.region] : page.items) entry.nodes.add(node);
    }
    await Promise.all(
      [...wanted.values()].filter(({ nodes }) => nodes.size > 0).map(async ({ query, nodes }) => {
        const figures = await this.analytics.rollupFigures(query, [...new Set([...nodes].map((node) => node.nodeId))]);
        requestFigures(req, this.analytics, query).prime(figures);
      }),
    );
  }
}

function view(node: RegistryNode): RollupNode {
  return { nodeId: node.id, name: node.name, tier: node.tier as Tier, parentId: node.parentId ?? null };
}
