import { Access, Caller, CurrentCaller, Role } from '@app/federation';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AcceptFilingInput, RequestFilingsInput, ReturnFilingInput, SubmitFilingInput } from './dto/filing.inputs';
import { FilingCopy } from './filing.entity';
import { FilingStatus } from './filing.enums';
import { FilingQueries, toView } from './filing-queries.service';
import { FilingService } from './filing.service';
import { ChainLinkView, FilingDetail, FilingRate, FilingView } from './filing.types';

@Resolver()
export class FilingResolver {
  constructor(
    private readonly service: FilingService,
    private readonly queries: FilingQueries,
    private readonly access: Access,
  ) {}

  @Mutation(() => [FilingView], { description: 'Asks every child for a filing by a due date (the links created)' })
  async requestFilings(@CurrentCaller() caller: Caller, @Args('input') input: RequestFilingsInput): Promise<FilingView[]> {
    this.assertOffice(caller, input.nodeId);
    return (await this.service.request(input)).map(toView);
  }

  @Mutation(() => FilingView, { description: 'Files a version with the parent (first submission or resubmission after a return)' })
  async submitFiling(@CurrentCaller() caller: Caller, @Args('input') input: SubmitFilingInput): Promise<FilingView> {
    this.assertOffice(caller, input.nodeId);
    return toView(await this.service.submit(input));
  }

  @Mutation(() => FilingView, { description: 'Accepts a child’s version (备案); its content is locked from then on' })
  async acceptFiling(@CurrentCaller() caller: Caller, @Args('input') input: AcceptFilingInput): Promise<FilingView> {
    this.assertOffice(caller, input.nodeId);
    return toView(await this.service.accept(input));
  }

  @Mutation(() => FilingView, { description: 'Returns a child’s version with reasons, down to the level that must act' })
  async returnFiling(@CurrentCaller() caller: Caller, @Args('input') input: ReturnFilingInput): Promise<FilingView> {
    this.assertOffice(caller, input.nodeId);
    return toView(await this.service.return(input));
  }

  @Query(() => [FilingView], { description: 'Filings a node holds: its own with the parent, its children’s, and copies from deeper down' })
  filings(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('side', { type: () => FilingCopy, nullable: true }) side: FilingCopy | null,
    @Args('chainId', { type: () => ID, nullable: true }) chainId: string | null,
    @Args('statuses', { type: () => [FilingStatus], nullable: true }) statuses: FilingStatus[] | null,
  ): Promise<FilingView[]> {
    this.access.assertWithin(caller, nodeId);
    return this.queries.list(nodeId, { side: side ?? undefined, chainId: chainId ?? undefined, statuses: statuses ?? undefined });
  }

  @Query(() => FilingDetail, { description: 'A filing with its versions and decisions' })
  filing(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<FilingDetail> {
    this.access.assertWithin(caller, nodeId);
    return this.queries.detail(nodeId, id);
  }

  @Query(() => [ChainLinkView], { description: 'Who is waiting on whom in an approval chain, as far down as the node can see' })
  approvalChain(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('chainId', { type: () => ID }) chainId: string): Promise<ChainLinkView[]> {
    this.access.assertWithin(caller, nodeId);
    return this.queries.chain(nodeId, chainId);
  }

  @Query(() => [FilingRate], { description: 'On-time filing rate of each child' })
  filingRates(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string): Promise<FilingRate[]> {
    this.access.assertWithin(caller, nodeId);
    return this.queries.rates(nodeId);
  }

  private assertOffice(caller: Caller, nodeId: string): void {
    this.access.assertRole(caller, Role.InspectionOffice);
    this.access.assertActsFor(caller, nodeId);
  }
}
