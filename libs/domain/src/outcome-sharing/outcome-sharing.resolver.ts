import { Access, Caller, CurrentCaller, Role } from '@app/federation';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommonProblemNotices } from './common-problem-notice.service';
import { NoticeCommonProblemInput, ShareOutcomeInput } from './dto/share-outcome.input';
import { OutcomeKind } from './outcome.enums';
import { OutcomeSharingService } from './outcome-sharing.service';
import { CommonProblemNotice, ProblemStatistic, SharedOutcomeView } from './outcome.types';

@Resolver()
export class OutcomeSharingResolver {
  constructor(
    private readonly outcomes: OutcomeSharingService,
    private readonly notices: CommonProblemNotices,
    private readonly access: Access,
  ) {}

  @Mutation(() => SharedOutcomeView, { description: 'Shares a finding, typical case or problem statistics with every level above' })
  shareOutcome(@CurrentCaller() caller: Caller, @Args('input') input: ShareOutcomeInput): Promise<SharedOutcomeView> {
    this.access.assertRole(caller, Role.InspectionOffice);
    this.access.assertActsFor(caller, input.nodeId);
    return this.outcomes.share(input);
  }

  @Mutation(() => CommonProblemNotice, { description: 'Turns a common problem of the subtree into a notice (通报) to every node below' })
  noticeCommonProblem(@CurrentCaller() caller: Caller, @Args('input') input: NoticeCommonProblemInput): Promise<CommonProblemNotice> {
    this.access.assertRole(caller, Role.InspectionOffice);
    this.access.assertActsFor(caller, input.nodeId);
    return this.notices.issue(input);
  }

  @Query(() => [SharedOutcomeView], { description: 'Outcomes shared by the node and its subtree, newest first' })
  sharedOutcomes(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('kind', { type: () => OutcomeKind, nullable: true }) kind: OutcomeKind | null,
    @Args('scope', { type: () => ID, nullable: true, description: 'Only this descendant’s subtree' }) scope: string | null,
    @Args('limit', { type: () => Int, defaultValue: 100 }) limit: number,
  ): Promise<SharedOutcomeView[]> {
    this.assertReads(caller, nodeId, scope);
    return this.outcomes.list(nodeId, kind, scope, Math.min(Math.max(limit, 1), 1000));
  }

  @Query(() => [ProblemStatistic], { description: 'Problems by category rolled up over the subtree' })
  problemStatistics(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('scope', { type: () => ID, nullable: true }) scope: string | null,
  ): Promise<ProblemStatistic[]> {
    this.assertReads(caller, nodeId, scope);
    return this.outcomes.statistics(nodeId, scope);
  }

  @Query(() => [ProblemStatistic], { description: 'Common problems (普遍性问题): categories reported by at least `minNodes` nodes of the subtree' })
  commonProblems(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('minNodes', { type: () => Int, defaultValue: 2 }) minNodes: number,
  ): Promise<ProblemStatistic[]> {
    this.assertReads(caller, nodeId, null);
    return this.outcomes.statistics(nodeId, null, Math.max(minNodes, 1));
  }

  private assertReads(caller: Caller, nodeId: string, scope: string | null): void {
    this.access.assertWithin(caller, nodeId);
    if (scope) this.access.assertWithin({ ...caller, nodeId }, scope);
  }
}
