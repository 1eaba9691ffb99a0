import { Access, Caller, CurrentCaller } from '@app/federation';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Jurisdiction } from '../common/jurisdiction';
import { PageInput } from '../common/pagination';
import { REGISTER_READERS } from '../organisation/organisation.resolver';
import { ArrangeRoundInput, GiveRoundFeedbackInput, HearRoundReportInput, PlanRoundInput, ReopenRectificationItemsInput, RoundFilter, RoundStepInput, TeamFilter } from './dto/inspection-round.inputs';
import { InspectionRound } from './inspection-round.entity';
import { InspectionRoundQueries } from './inspection-round.queries';
import { InspectionRoundService } from './inspection-round.service';
import { RoundPage, RoundView, TeamPage } from './inspection-round.types';

@Resolver()
export class InspectionRoundResolver {
  constructor(
    private readonly service: InspectionRoundService,
    private readonly queries: InspectionRoundQueries,
    private readonly jurisdiction: Jurisdiction,
    private readonly access: Access,
  ) {}

  @Mutation(() => RoundView, { description: 'Plans a round (第N轮); its plan is filed with the parent (报备)' })
  planRound(@CurrentCaller() caller: Caller, @Args('input') input: PlanRoundInput): Promise<RoundView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.service.plan(input, caller));
  }

  @Mutation(() => RoundView, { description: '轮次安排: teams, leaders, members and whom each covers; filed with the parent' })
  arrangeRound(@CurrentCaller() caller: Caller, @Args('input') input: ArrangeRoundInput): Promise<RoundView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.service.arrange(input, caller));
  }

  @Mutation(() => RoundView, { description: '动员进驻: the teams arrive' })
  stationRound(@CurrentCaller() caller: Caller, @Args('input') input: RoundStepInput): Promise<RoundView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.service.station(input, caller));
  }

  @Mutation(() => RoundView, { description: '结束进驻 and 听取汇报' })
  hearRoundReport(@CurrentCaller() caller: Caller, @Args('input') input: HearRoundReportInput): Promise<RoundView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.service.hearReport(input, caller));
  }

  @Mutation(() => RoundView, { description: '反馈 to targets: each opens its rectification under the clocks of seed 000' })
  giveRoundFeedback(@CurrentCaller() caller: Caller, @Args('input') input: GiveRoundFeedbackInput): Promise<RoundView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.service.giveFeedback(input, caller));
  }

  @Mutation(() => RoundView, { description: '移交整改: the round is closed' })
  handRoundToRectification(@CurrentCaller() caller: Caller, @Args('input') input: RoundStepInput): Promise<RoundView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.service.handOver(input, caller));
  }

  @Mutation(() => RoundView, { description: '回头看: items of a revisited rectification are reopened with new due dates' })
  reopenRectificationItems(@CurrentCaller() caller: Caller, @Args('input') input: ReopenRectificationItemsInput): Promise<RoundView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.service.reopenItems(input, caller));
  }

  @Query(() => RoundPage, { description: 'Rounds the node arranges, sends teams to, or whose targets it registers or is the region of' })
  rounds(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('filter', { type: () => RoundFilter, nullable: true }) filter?: RoundFilter,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<RoundPage> {
    this.reader(caller, nodeId);
    return this.queries.list(nodeId, filter ?? new RoundFilter(), page ?? new PageInput());
  }

  @Query(() => RoundView)
  round(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<RoundView> {
    this.reader(caller, nodeId);
    return this.queries.get(nodeId, id);
  }

  @Query(() => TeamPage, { description: '巡视组/巡察组 of the rounds the node holds' })
  inspectionTeams(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('filter', { type: () => TeamFilter, nullable: true }) filter?: TeamFilter,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<TeamPage> {
    this.reader(caller, nodeId);
    return this.queries.teams(nodeId, filter ?? new TeamFilter(), page ?? new PageInput());
  }

  private reader(caller: Caller, nodeId: string): void {
    this.access.assertRole(caller, ...REGISTER_READERS);
    this.jurisdiction.read(caller, nodeId);
  }

  private async view(round: Promise<InspectionRound>): Promise<RoundView> {
    const saved = await round;
    return this.queries.get(saved.nodeId, saved.id);
  }
}
