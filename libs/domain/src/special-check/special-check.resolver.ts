import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentCaller } from '@app/federation';
import { Jurisdiction } from '../common/jurisdiction';
import { PageInput } from '../common/pagination';
import { DeadlineView } from '../deadlines/deadline.types';
import { dispatchRoleOf } from '../dispatch/dispatch-flow';
import { Dispatch } from '../dispatch/dispatch.entity';
import { DispatchQueries } from '../dispatch/dispatch.queries';
import { NotifySpecialCheckInput, RequireCheckRectificationInput, ReviewCheckRectificationInput, SpecialCheckReportInput, WithdrawSpecialCheckInput } from './dto/special-check.input';
import { SpecialCheckRole, SpecialCheckState } from './special-check.enums';
import { SPECIAL_CHECK } from './special-check.flow';
import { SpecialCheckService } from './special-check.service';
import { CheckedNodeStatus, SpecialCheckPage, SpecialCheckView } from './special-check.types';
import { SPECIAL_CHECK_ROLES, checkView, checkedView } from './special-check.views';

@Resolver(() => SpecialCheckView)
export class SpecialCheckResolver {
  constructor(
    private readonly checks: SpecialCheckService,
    private readonly queries: DispatchQueries,
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

  @Mutation(() => SpecialCheckView, { description: 'The checker withdraws the check from every checked node not yet accepted; what they owed it is cancelled' })
  withdrawSpecialCheck(@CurrentCaller() caller: Caller, @Args('input') input: WithdrawSpecialCheckInput): Promise<SpecialCheckView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.checks.withdraw(input));
  }

  @Query(() => SpecialCheckPage, { description: 'Checks a node runs, is subject to, or relays, newest first' })
  async specialChecks(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('role', { type: () => SpecialCheckRole, nullable: true }) role?: SpecialCheckRole,
    @Args('state', { type: () => SpecialCheckState, nullable: true, description: 'Checks with at least one checked node in this state' }) state?: SpecialCheckState,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<SpecialCheckPage> {
    this.jurisdiction.read(caller, nodeId);
    const found = await this.queries.list(SPECIAL_CHECK, nodeId, { role: dispatchRoleOf(SPECIAL_CHECK_ROLES, role), targetState: state ?? undefined }, page ?? new PageInput());
    return { items: found.items.map(checkView), nextCursor: found.nextCursor };
  }

  @Query(() => SpecialCheckView)
  async specialCheck(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<SpecialCheckView> {
    this.jurisdiction.read(caller, nodeId);
    return checkView(await this.queries.get(SPECIAL_CHECK, nodeId, id));
  }

  @ResolveField(() => [CheckedNodeStatus], { description: 'Each checked node this node sees, with its steps' })
  async checked(@Parent() check: SpecialCheckView): Promise<CheckedNodeStatus[]> {
    return (await this.queries.targets(check.nodeId, check.id, { steps: true })).map(checkedView);
  }

  @ResolveField(() => [DeadlineView], { description: 'What the checked nodes this node sees owe the check by a date (self-check and rectification reports), and whether they met it' })
  deadlines(@Parent() check: SpecialCheckView): Promise<DeadlineView[]> {
    return this.queries.obligations(check.nodeId, check.id);
  }

  private async view(check: Promise<Dispatch>): Promise<SpecialCheckView> {
    const { nodeId, id } = await check;
    return checkView(await this.queries.get(SPECIAL_CHECK, nodeId, id));
  }
}
