import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentCaller } from '@app/federation';
import { Jurisdiction } from '../common/jurisdiction';
import { PageInput } from '../common/pagination';
import { NotifySpecialCheckInput, RequireCheckRectificationInput, ReviewCheckRectificationInput, SpecialCheckReportInput } from './dto/special-check.input';
import { SpecialCheck } from './special-check.entity';
import { SpecialCheckRole, SpecialCheckState } from './special-check.enums';
import { SpecialCheckQueries } from './special-check.queries';
import { SpecialCheckService } from './special-check.service';
import { CheckedNodeStatus, SpecialCheckPage, SpecialCheckView } from './special-check.types';

@Resolver(() => SpecialCheckView)
export class SpecialCheckResolver {
  constructor(
    private readonly checks: SpecialCheckService,
    private readonly queries: SpecialCheckQueries,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Mutation(() => SpecialCheckView, { description: 'Notify lower levels of a special check of their inspection work' })
  notifySpecialCheck(@CurrentCaller() caller: Caller, @Args('input') input: NotifySpecialCheckInput): Promise<SpecialCheckView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.checks.notify(input));
  }

  @Mutation(() => SpecialCheckView, { description: 'The checked node reports its self-check' })
  reportSpecialCheckSelfCheck(@CurrentCaller() caller: Caller, @Args('input') input: SpecialCheckReportInput): Promise<SpecialCheckView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.checks.reportSelfCheck(input));
  }

  @Mutation(() => SpecialCheckView, { description: 'The checker sends findings and rectification requirements to a checked node' })
  requireSpecialCheckRectification(@CurrentCaller() caller: Caller, @Args('input') input: RequireCheckRectificationInput): Promise<SpecialCheckView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.checks.requireRectification(input));
  }

  @Mutation(() => SpecialCheckView, { description: 'The checked node reports rectification progress (专项检查整改进展情况报告)' })
  reportSpecialCheckRectification(@CurrentCaller() caller: Caller, @Args('input') input: SpecialCheckReportInput): Promise<SpecialCheckView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.checks.reportRectification(input));
  }

  @Mutation(() => SpecialCheckView, { description: 'The checker accepts a rectification report, or returns it with reasons' })
  reviewSpecialCheckRectification(@CurrentCaller() caller: Caller, @Args('input') input: ReviewCheckRectificationInput): Promise<SpecialCheckView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.checks.review(input));
  }

  @Query(() => SpecialCheckPage, { description: 'Checks a node runs, is subject to, or relays, newest first' })
  specialChecks(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('role', { type: () => SpecialCheckRole, nullable: true }) role?: SpecialCheckRole,
    @Args('state', { type: () => SpecialCheckState, nullable: true, description: 'Checks with at least one checked node in this state' }) state?: SpecialCheckState,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<SpecialCheckPage> {
    this.jurisdiction.read(caller, nodeId);
    return this.queries.list(nodeId, role ?? undefined, state ?? undefined, page ?? new PageInput());
  }

  @Query(() => SpecialCheckView)
  specialCheck(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<SpecialCheckView> {
    this.jurisdiction.read(caller, nodeId);
    return this.queries.get(nodeId, id);
  }

  @ResolveField(() => [CheckedNodeStatus], { description: 'Each checked node this node sees, with its steps' })
  checked(@Parent() check: SpecialCheckView): Promise<CheckedNodeStatus[]> {
    return this.queries.checked(check.nodeId, check.id);
  }

  private async view(check: Promise<SpecialCheck>): Promise<SpecialCheckView> {
    const { nodeId, checkId } = await check;
    return this.queries.get(nodeId, checkId);
  }
}
