import { Access, Caller, CurrentCaller, Role } from '@app/federation';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClueStatus } from './clue.enums';
import { ClueContentView, ClueCount, ClueSummary } from './clue.types';
import { DisposeClueInput, RecordClueInput, TransferClueInput } from './dto/clue.inputs';
import { ProblemClueQueries } from './problem-clue-queries.service';
import { ProblemClueService } from './problem-clue.service';

@Resolver()
export class ProblemClueResolver {
  constructor(
    private readonly clues: ProblemClueService,
    private readonly queries: ProblemClueQueries,
    private readonly access: Access,
  ) {}

  @Mutation(() => ClueSummary, { description: 'Records a problem clue found by the node’s inspection' })
  recordProblemClue(@CurrentCaller() caller: Caller, @Args('input') input: RecordClueInput): Promise<ClueSummary> {
    this.access.assertRole(caller, Role.InspectionOffice);
    this.access.assertActsFor(caller, input.nodeId);
    return this.clues.record(input);
  }

  @Mutation(() => ClueSummary, { description: 'Transfers (移交) a clue to the discipline organ of the level that manages the cadre' })
  transferProblemClue(@CurrentCaller() caller: Caller, @Args('input') input: TransferClueInput): Promise<ClueSummary> {
    this.access.assertRole(caller, Role.InspectionOffice);
    this.access.assertActsFor(caller, input.nodeId);
    return this.clues.transfer(input);
  }

  @Mutation(() => ClueSummary, { description: 'The holding discipline organ records the disposal (分类处置); the node that transferred it is told' })
  disposeProblemClue(@CurrentCaller() caller: Caller, @Args('input') input: DisposeClueInput): Promise<ClueSummary> {
    this.access.assertRole(caller, Role.Discipline);
    this.access.assertActsFor(caller, input.nodeId);
    return this.clues.dispose(input);
  }

  @Query(() => [ClueSummary], { description: 'Clues of the node and its subtree, without content' })
  problemClues(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('scope', { type: () => ID, nullable: true }) scope: string | null,
    @Args('statuses', { type: () => [ClueStatus], nullable: true }) statuses: ClueStatus[] | null,
    @Args('limit', { type: () => Int, defaultValue: 200 }) limit: number,
  ): Promise<ClueSummary[]> {
    this.assertReads(caller, nodeId, scope);
    return this.queries.list(nodeId, scope, statuses, Math.min(Math.max(limit, 1), 1000));
  }

  @Query(() => [ClueCount], { description: 'How many clues of the subtree are at each status' })
  problemClueCounts(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('scope', { type: () => ID, nullable: true }) scope: string | null): Promise<ClueCount[]> {
    this.assertReads(caller, nodeId, scope);
    return this.queries.counts(nodeId, scope);
  }

  @Query(() => ClueContentView, { description: 'Confidential content: only for the discipline organ of the node holding the clue' })
  problemClueContent(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('clueId', { type: () => ID }) clueId: string): Promise<ClueContentView> {
    this.access.assertWithin(caller, nodeId);
    return this.clues.readContent(caller, nodeId, clueId);
  }

  private assertReads(caller: Caller, nodeId: string, scope: string | null): void {
    this.access.assertWithin(caller, nodeId);
    if (scope) this.access.assertWithin({ ...caller, nodeId }, scope);
  }
}
