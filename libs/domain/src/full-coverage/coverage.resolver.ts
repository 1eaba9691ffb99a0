import { Access, Caller, CurrentCaller, Role } from '@app/federation';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CoverageService } from './coverage.service';
import { CoverageTally, MarkInspectedInput, PartyOrganisation, RegisterOrganisationsInput } from './dto/coverage.inputs';

@Resolver()
export class CoverageResolver {
  constructor(
    private readonly coverage: CoverageService,
    private readonly access: Access,
  ) {}

  @Mutation(() => CoverageTally, { description: 'Registers party organisations of the node’s own jurisdiction for a term (全覆盖)' })
  registerPartyOrganisations(@CurrentCaller() caller: Caller, @Args('input') input: RegisterOrganisationsInput): Promise<CoverageTally> {
    this.access.assertActsFor(caller, input.nodeId);
    this.access.assertRole(caller, Role.InspectionOffice);
    return this.coverage.register(input);
  }

  @Mutation(() => CoverageTally, { description: 'Marks an organisation inspected in its term' })
  markOrganisationInspected(@CurrentCaller() caller: Caller, @Args('input') input: MarkInspectedInput): Promise<CoverageTally> {
    this.access.assertActsFor(caller, input.nodeId);
    this.access.assertRole(caller, Role.InspectionOffice);
    return this.coverage.markInspected(input);
  }

  @Query(() => [PartyOrganisation], { description: 'The node’s own party organisations in a term' })
  partyOrganisations(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('term') term: string): Promise<PartyOrganisation[]> {
    this.access.assertActsFor(caller, nodeId);
    return this.coverage.organisations(nodeId, term);
  }
}
