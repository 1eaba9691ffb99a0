import { Access, Caller, CurrentCaller } from '@app/federation';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { DeadlineStatus } from './deadline.enums';
import { DeadlineService } from './deadline.service';
import { DeadlineView, OverdueAlert } from './deadline.types';

@Resolver()
export class DeadlineResolver {
  constructor(
    private readonly service: DeadlineService,
    private readonly access: Access,
  ) {}

  @Query(() => [DeadlineView], { description: 'What is due or overdue in a node’s subtree — its own obligations and its descendants’ — soonest first' })
  deadlines(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('statuses', { type: () => [DeadlineStatus], defaultValue: [DeadlineStatus.Open, DeadlineStatus.Overdue] }) statuses: DeadlineStatus[],
    @Args('scope', { type: () => ID, nullable: true, description: 'Only this descendant’s subtree' }) scope: string | null,
    @Args('limit', { type: () => Int, defaultValue: 200 }) limit: number,
  ): Promise<DeadlineView[]> {
    this.access.assertWithin(caller, nodeId);
    if (scope) this.access.assertWithin({ ...caller, nodeId }, scope);
    return this.service.list(nodeId, { statuses, scope: scope ?? undefined, limit: Math.min(Math.max(limit, 1), 1000) });
  }

  @Query(() => [OverdueAlert], { description: 'Overdue alerts a node received about its children, newest first' })
  overdueAlerts(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('limit', { type: () => Int, defaultValue: 100 }) limit: number,
  ): Promise<OverdueAlert[]> {
    this.access.assertWithin(caller, nodeId);
    return this.service.alerts(nodeId, Math.min(Math.max(limit, 1), 1000));
  }
}
