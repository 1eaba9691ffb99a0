import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { Caller, CurrentCaller } from '@app/federation';
import { Jurisdiction } from './jurisdiction';
import { DownwardKind, DownwardStatusEvent, StatusEvents } from './status-events';

@Resolver()
export class StatusEventsResolver {
  constructor(
    private readonly events: StatusEvents,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Subscription(() => DownwardStatusEvent, { description: 'Live status changes of the tasks, teams, checks and notices a node issued, relays or received (graphql-ws)' })
  downwardStatusChanged(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('kinds', { type: () => [DownwardKind], nullable: true }) kinds?: DownwardKind[] | null,
  ) {
    this.jurisdiction.read(caller, nodeId);
    return this.events.stream((event) => event.nodeId === nodeId && (!kinds || kinds.includes(event.kind)));
  }
}
