import { Access, Caller, CurrentCaller, Role } from '@app/federation';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Jurisdiction } from '../common/jurisdiction';
import { PageInput } from '../common/pagination';
import { ImportOrganisationsInput, OrganisationFilter, OrganisationInput, UpdateOrganisationInput } from './dto/organisation.inputs';
import { OrganisationQueries } from './organisation.queries';
import { OrganisationService } from './organisation.service';
import { ImportReport, OrganisationPage, OrganisationView } from './organisation.types';

/** The register is no secret inside the jurisdiction: every node-wide role reads it. */
export const REGISTER_READERS = [Role.InspectionOffice, Role.LeadingGroup, Role.Discipline, Role.Organization, Role.Analyst];

@Resolver()
export class OrganisationResolver {
  constructor(
    private readonly service: OrganisationService,
    private readonly queries: OrganisationQueries,
    private readonly jurisdiction: Jurisdiction,
    private readonly access: Access,
  ) {}

  @Mutation(() => OrganisationView, { description: 'Adds an organisation the node inspects by 管理权限 to its register' })
  async registerOrganisation(@CurrentCaller() caller: Caller, @Args('input') input: OrganisationInput): Promise<OrganisationView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.queries.view(await this.service.register(input));
  }

  @Mutation(() => OrganisationView, { description: 'Changes an organisation of the node’s register: renamed, merged (successorId) or dissolved (activeTo)' })
  async updateOrganisation(@CurrentCaller() caller: Caller, @Args('input') input: UpdateOrganisationInput): Promise<OrganisationView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.queries.view(await this.service.update(input));
  }

  @Mutation(() => ImportReport, { description: 'Bulk import into the node’s register: idempotent, all rows or none, with a report per row' })
  importOrganisations(@CurrentCaller() caller: Caller, @Args('input') input: ImportOrganisationsInput): Promise<ImportReport> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.service.import(input);
  }

  @Query(() => OrganisationPage, { description: 'The node’s register and its copies of the registers below it, by name' })
  organisations(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('filter', { type: () => OrganisationFilter, nullable: true }) filter?: OrganisationFilter,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<OrganisationPage> {
    this.access.assertRole(caller, ...REGISTER_READERS);
    this.jurisdiction.read(caller, nodeId);
    return this.queries.list(nodeId, filter ?? new OrganisationFilter(), page ?? new PageInput());
  }

  @Query(() => OrganisationView, { description: 'One organisation; a caller of an organisation reads its own alone' })
  organisation(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<OrganisationView> {
    if (caller.organisationId) this.access.assertOrganisation(caller, nodeId, id);
    else {
      this.access.assertRole(caller, ...REGISTER_READERS);
      this.jurisdiction.read(caller, nodeId);
    }
    return this.queries.get(nodeId, id);
  }
}
