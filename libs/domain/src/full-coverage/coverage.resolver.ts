import { Access, Caller, CurrentCaller, Role } from '@app/federation';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Jurisdiction } from '../common/jurisdiction';
import { CoverageQueries } from './coverage.queries';
import { CoverageService } from './coverage.service';
import { CoverageRollup, CoverageWarning, TermCoverage, TermView } from './coverage.types';
import { CoverageDrillInput, DefineTermInput } from './dto/coverage.inputs';

const READERS = [Role.InspectionOffice, Role.LeadingGroup, Role.Analyst, Role.Organization, Role.Discipline];

@Resolver()
export class CoverageResolver {
  constructor(
    private readonly coverage: CoverageService,
    private readonly queries: CoverageQueries,
    private readonly jurisdiction: Jurisdiction,
    private readonly access: Access,
  ) {}

  @Mutation(() => TermView, { description: 'Defines (or corrects) a term (届) of the node' })
  async defineTerm(@CurrentCaller() caller: Caller, @Args('input') input: DefineTermInput): Promise<TermView> {
    this.jurisdiction.act(caller, input.nodeId);
    await this.coverage.defineTerm(input);
    return (await this.queries.terms(input.nodeId)).find((term) => term.label === input.label)!;
  }

  @Query(() => [TermView])
  terms(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string): Promise<TermView[]> {
    this.read(caller, nodeId);
    return this.queries.terms(nodeId);
  }

  @Query(() => TermCoverage, { description: '全覆盖 of the node’s own register in one of its terms, organisation by organisation' })
  termCoverage(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('term') term: string): Promise<TermCoverage> {
    this.read(caller, nodeId);
    return this.queries.termCoverage(nodeId, term);
  }

  @Query(() => CoverageRollup, { description: '全覆盖 of a term rolled up the tree: a region and its nodes, drilled down by choosing the region' })
  coverageRollup(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('term') term: string,
    @Args('drill', { type: () => CoverageDrillInput, nullable: true }) drill?: CoverageDrillInput,
  ): Promise<CoverageRollup> {
    this.read(caller, nodeId);
    const region = drill?.region ?? nodeId;
    this.access.assertWithin(caller, region);
    return this.queries.rollup(nodeId, term, region, drill?.tier ?? null);
  }

  @Query(() => [CoverageWarning], { description: 'Nodes of the subtree whose term ends soon with organisations not yet scheduled' })
  coverageWarnings(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string): Promise<CoverageWarning[]> {
    this.read(caller, nodeId);
    return this.queries.warnings(nodeId);
  }

  private read(caller: Caller, nodeId: string): void {
    this.access.assertRole(caller, ...READERS);
    this.jurisdiction.read(caller, nodeId);
  }
}
