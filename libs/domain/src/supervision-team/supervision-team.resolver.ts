import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentCaller } from '@app/federation';
import { Jurisdiction } from '../common/jurisdiction';
import { PageInput } from '../common/pagination';
import { DeadlineView } from '../deadlines/deadline.types';
import { dispatchRoleOf } from '../dispatch/dispatch-flow';
import { Dispatch } from '../dispatch/dispatch.entity';
import { DispatchQueries } from '../dispatch/dispatch.queries';
import {
  AcknowledgeSupervisionTeamInput,
  DispatchSupervisionTeamInput,
  ProvideSupervisionMaterialsInput,
  RequireSupervisionRectificationInput,
  RespondSupervisionRectificationInput,
  WithdrawSupervisionTeamInput,
} from './dto/supervision-team.input';
import { SupervisionRole, SupervisionState } from './supervision-team.enums';
import { SUPERVISION_TEAM } from './supervision-team.flow';
import { SupervisionTeamService } from './supervision-team.service';
import { SupervisionTeamPage, SupervisionTeamView, SupervisionVisit } from './supervision-team.types';
import { SUPERVISION_ROLES, teamView, visitView } from './supervision-team.views';

@Resolver(() => SupervisionTeamView)
export class SupervisionTeamResolver {
  constructor(
    private readonly teams: SupervisionTeamService,
    private readonly queries: DispatchQueries,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Mutation(() => SupervisionTeamView, { description: 'Dispatch a guidance and supervision team to listed lower nodes' })
  dispatchSupervisionTeam(@CurrentCaller() caller: Caller, @Args('input') input: DispatchSupervisionTeamInput): Promise<SupervisionTeamView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.teams.dispatch(input));
  }

  @Mutation(() => SupervisionTeamView, { description: 'The visited node acknowledges the team' })
  acknowledgeSupervisionTeam(@CurrentCaller() caller: Caller, @Args('input') input: AcknowledgeSupervisionTeamInput): Promise<SupervisionTeamView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.teams.acknowledge(input));
  }

  @Mutation(() => SupervisionTeamView, { description: 'The visited node provides materials to the team' })
  provideSupervisionMaterials(@CurrentCaller() caller: Caller, @Args('input') input: ProvideSupervisionMaterialsInput): Promise<SupervisionTeamView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.teams.provideMaterials(input));
  }

  @Mutation(() => SupervisionTeamView, { description: 'The dispatching level records findings and sends rectification requirements to a visited node' })
  requireSupervisionRectification(@CurrentCaller() caller: Caller, @Args('input') input: RequireSupervisionRectificationInput): Promise<SupervisionTeamView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.teams.requireRectification(input));
  }

  @Mutation(() => SupervisionTeamView, { description: 'The visited node responds to the rectification requirements' })
  respondSupervisionRectification(@CurrentCaller() caller: Caller, @Args('input') input: RespondSupervisionRectificationInput): Promise<SupervisionTeamView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.teams.respond(input));
  }

  @Mutation(() => SupervisionTeamView, { description: 'The dispatching level withdraws the team from every visit still going on; what the visited nodes owed it is cancelled' })
  withdrawSupervisionTeam(@CurrentCaller() caller: Caller, @Args('input') input: WithdrawSupervisionTeamInput): Promise<SupervisionTeamView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.teams.withdraw(input));
  }

  @Query(() => SupervisionTeamPage, { description: 'Teams a node dispatched, is visited by, or relays, newest first' })
  async supervisionTeams(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('role', { type: () => SupervisionRole, nullable: true }) role?: SupervisionRole,
    @Args('state', { type: () => SupervisionState, nullable: true, description: 'Teams with at least one visit in this state' }) state?: SupervisionState,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<SupervisionTeamPage> {
    this.jurisdiction.read(caller, nodeId);
    const found = await this.queries.list(SUPERVISION_TEAM, nodeId, { role: dispatchRoleOf(SUPERVISION_ROLES, role), targetState: state ?? undefined }, page ?? new PageInput());
    return { items: found.items.map(teamView), nextCursor: found.nextCursor };
  }

  @Query(() => SupervisionTeamView)
  async supervisionTeam(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<SupervisionTeamView> {
    this.jurisdiction.read(caller, nodeId);
    return teamView(await this.queries.get(SUPERVISION_TEAM, nodeId, id));
  }

  @ResolveField(() => [SupervisionVisit], { description: 'Each visited node this node sees, with its steps' })
  async visits(@Parent() team: SupervisionTeamView): Promise<SupervisionVisit[]> {
    return (await this.queries.targets(team.nodeId, team.id, { steps: true })).map(visitView);
  }

  @ResolveField(() => [DeadlineView], { description: 'What the visited nodes this node sees owe the team by a date (rectification responses), and whether they met it' })
  deadlines(@Parent() team: SupervisionTeamView): Promise<DeadlineView[]> {
    return this.queries.obligations(team.nodeId, team.id);
  }

  private async view(team: Promise<Dispatch>): Promise<SupervisionTeamView> {
    const { nodeId, id } = await team;
    return teamView(await this.queries.get(SUPERVISION_TEAM, nodeId, id));
  }
}
