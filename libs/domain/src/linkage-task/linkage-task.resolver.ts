import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentCaller, Registry } from '@app/federation';
import { Jurisdiction } from '../common/jurisdiction';
import { PageInput } from '../common/pagination';
import { AcceptLinkageTaskInput, AmendLinkageTaskInput, CancelLinkageTaskInput, CompleteLinkageTaskInput, ReportLinkageTaskProgressInput } from './dto/change-linkage-task.input';
import { DecomposeLinkageTaskInput, IssueLinkageTaskInput } from './dto/issue-linkage-task.input';
import { LinkageTaskFilterInput } from './dto/linkage-task-filter.input';
import { LinkageTaskRecord } from './linkage-task.entity';
import { RecipientState } from './linkage-task.enums';
import { LinkageTaskProvenance } from './linkage-task.provenance';
import { LinkageTaskQueries } from './linkage-task.queries';
import { LinkageTaskRecipientService } from './linkage-task-recipient.service';
import { LinkageTaskService } from './linkage-task.service';
import { ChildStatus, LinkageTaskPage, LinkageTaskVersionView, LinkageTaskView, LinkageTaskViews, RecipientStatus } from './linkage-task.types';

@Resolver(() => LinkageTaskView)
export class LinkageTaskResolver {
  private readonly views: LinkageTaskViews;

  constructor(
    private readonly tasks: LinkageTaskService,
    private readonly recipientActions: LinkageTaskRecipientService,
    private readonly queries: LinkageTaskQueries,
    private readonly jurisdiction: Jurisdiction,
    registry: Registry,
    provenance: LinkageTaskProvenance,
  ) {
    this.views = new LinkageTaskViews(registry, (proof) => provenance.verify(proof));
  }

  @Mutation(() => LinkageTaskView, { description: 'Issue a linkage task to lower levels of the caller’s subtree' })
  issueLinkageTask(@CurrentCaller() caller: Caller, @Args('input') input: IssueLinkageTaskInput): Promise<LinkageTaskView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.tasks.issue(input));
  }

  @Mutation(() => LinkageTaskView, { description: 'Decompose a received task into assignments for the caller’s own lower levels' })
  decomposeLinkageTask(@CurrentCaller() caller: Caller, @Args('input') input: DecomposeLinkageTaskInput): Promise<LinkageTaskView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.tasks.decompose(input));
  }

  @Mutation(() => LinkageTaskView, { description: 'A new version of a task the caller issued; every recipient gets it, the history is kept' })
  amendLinkageTask(@CurrentCaller() caller: Caller, @Args('input') input: AmendLinkageTaskInput): Promise<LinkageTaskView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.tasks.amend(input));
  }

  @Mutation(() => LinkageTaskView)
  cancelLinkageTask(@CurrentCaller() caller: Caller, @Args('input') input: CancelLinkageTaskInput): Promise<LinkageTaskView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.tasks.cancel(input));
  }

  @Mutation(() => LinkageTaskView)
  acceptLinkageTask(@CurrentCaller() caller: Caller, @Args('input') input: AcceptLinkageTaskInput): Promise<LinkageTaskView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.recipientActions.accept(input));
  }

  @Mutation(() => LinkageTaskView)
  reportLinkageTaskProgress(@CurrentCaller() caller: Caller, @Args('input') input: ReportLinkageTaskProgressInput): Promise<LinkageTaskView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.recipientActions.reportProgress(input));
  }

  @Mutation(() => LinkageTaskView)
  completeLinkageTask(@CurrentCaller() caller: Caller, @Args('input') input: CompleteLinkageTaskInput): Promise<LinkageTaskView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.recipientActions.complete(input));
  }

  @Query(() => LinkageTaskPage, { description: 'Tasks a node issued, received or relays, newest first' })
  async linkageTasks(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('filter', { type: () => LinkageTaskFilterInput, nullable: true }) filter?: LinkageTaskFilterInput,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<LinkageTaskPage> {
    this.jurisdiction.read(caller, nodeId);
    const found = await this.queries.list(nodeId, filter ?? {}, page ?? new PageInput());
    return { items: found.items.map((record) => this.views.task(record)), nextCursor: found.nextCursor };
  }

  @Query(() => LinkageTaskView)
  linkageTask(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<LinkageTaskView> {
    this.jurisdiction.read(caller, nodeId);
    return this.view(this.queries.get(nodeId, id));
  }

  @ResolveField(() => [LinkageTaskVersionView], { description: 'Every version, oldest first' })
  async versions(@Parent() task: LinkageTaskView): Promise<LinkageTaskVersionView[]> {
    return (await this.queries.versions(task.nodeId, task.id)).map((row) => this.views.version(row));
  }

  @ResolveField(() => [RecipientStatus], { description: 'Each recipient this node sees (itself, and those below it)' })
  async recipients(
    @Parent() task: LinkageTaskView,
    @Args('state', { type: () => RecipientState, nullable: true }) state?: RecipientState | null,
  ): Promise<RecipientStatus[]> {
    return (await this.queries.recipients(task.nodeId, task.id, state)).map((unit) => this.views.recipient(unit));
  }

  @ResolveField(() => RecipientStatus, { nullable: true, description: 'This node’s own status, when it is a recipient' })
  async myStatus(@Parent() task: LinkageTaskView): Promise<RecipientStatus | undefined> {
    const own = await this.queries.own(task.nodeId, task.id);
    return own ? this.views.recipient(own) : undefined;
  }

  @ResolveField(() => [ChildStatus], { description: 'Per child of this node: its own state and its subtree’s roll-up' })
  async children(@Parent() task: LinkageTaskView): Promise<ChildStatus[]> {
    return (await this.queries.children(task.nodeId, task.id)).map((row) => this.views.child(row));
  }

  @ResolveField(() => [LinkageTaskView], { description: 'Assignments this node decomposed the task into' })
  async assignments(@Parent() task: LinkageTaskView): Promise<LinkageTaskView[]> {
    return (await this.queries.assignments(task.nodeId, task.id)).map((record) => this.views.task(record));
  }

  private async view(record: Promise<LinkageTaskRecord>): Promise<LinkageTaskView> {
    return this.views.task(await record);
  }
}
