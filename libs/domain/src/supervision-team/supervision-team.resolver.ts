import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentCaller } from '@app/federation';
import { Jurisdiction } from '../common/jurisdiction';
import { PageInput } from '../common/pagination';
import {
  AcknowledgeSupervisionTeamInput,
  DispatchSupervisionTeamInput,
  ProvideSupervisionMaterialsInput,
  RequireSupervisionRectificationInput,
  RespondSupervisionRectificationInput,
} from './dto/supervision-team.input';
import { SupervisionTeam } from './supervision-team.entity';
import { SupervisionRole, SupervisionState } from './supervision-team.enums';
import { SupervisionTeamQueries } from './supervision-team.queries';
import { SupervisionTeamService } from './supervision-team.service';
import { SupervisionTeamPage, SupervisionTeamView, SupervisionVisit } from './supervision-team.types';

@Resolver(() => SupervisionTeamView)
export class SupervisionTeamResolver {
  constructor(
    private readonly teams: SupervisionTeamService,
    private readonly queries: SupervisionTeamQueries,
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

  @Query(() => SupervisionTeamPage, { description: 'Teams a node dispatched, is visited by, or relays, newest first' })
  supervisionTeams(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('role', { type: () => SupervisionRole, nullable: true }) role?: SupervisionRole,
    @Args('state', { type: () => SupervisionState, nullable: true, description: 'Teams with at least one visit in this state' }) state?: SupervisionState,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<SupervisionTeamPage> {
    this.jurisdiction.read(caller, nodeId);
    return this.queries.list(nodeId, role ?? undefined, state ?? undefined, page ?? new PageInput());
  }

  @Query(() => SupervisionTeamView)
  supervisionTeam(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<SupervisionTeamView> {
    this.jurisdiction.read(caller, nodeId);
    return this.queries.get(nodeId, id);
  }

  @ResolveField(() => [SupervisionVisit], { description: 'Each visited node this node sees, with its steps' })
  visits(@Parent() team: SupervisionTeamView): Promise<SupervisionVisit[]> {
    return this.queries.visits(team.nodeId, team.id);
  }

  private async view(team: Promise<SupervisionTeam>): Promise<SupervisionTeamView> {
    const { nodeId, teamId } = await team;
    return this.queries.get(nodeId, teamId);
  }
}
