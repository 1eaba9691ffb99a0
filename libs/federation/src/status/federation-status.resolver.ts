import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.service';
import { CurrentCaller } from '../auth/auth.guard';
import { Caller, Role } from '../auth/caller';
import { ProbeService } from '../probe/probe.service';
import { MessageTooLargeError } from '../transport/outbox.service';
import { HostContext } from '../transport/host-context';
import { FederationErrorCode, FederationException } from './federation.exception';
import { FederationStatusService } from './federation-status.service';
import { DeadLetter, FederationStatus, ProbeReceipt } from './federation-status.types';

@Resolver()
export class FederationStatusResolver {
  constructor(
    private readonly status: FederationStatusService,
    private readonly probes: ProbeService,
    private readonly host: HostContext,
    private readonly access: Access,
  ) {}

  /** Operators of the federation: the inspection office running the node, and auditors. */
  private assertOperator(caller: Caller, nodeId?: string | null): void {
    this.access.assertRole(caller, Role.InspectionOffice, Role.Auditor);
    if (nodeId) this.access.assertWithin(caller, nodeId);
  }

  @Query(() => FederationStatus, { description: 'Outbox backlog, acknowledgements, channel sequences and dead letters of a node served here' })
  federationStatus(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string): Promise<FederationStatus> {
    this.assertOperator(caller, nodeId);
    return this.status.status(nodeId);
  }

  @Query(() => [DeadLetter], { description: 'Rejected messages, newest first' })
  deadLetters(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID, nullable: true }) nodeId: string | null,
    @Args('limit', { type: () => Int, defaultValue: 50 }) limit: number,
  ): Promise<DeadLetter[]> {
    this.assertOperator(caller, nodeId);
    return this.status.deadLetters(nodeId ?? null, Math.min(Math.max(limit, 1), 500));
  }

  @Mutation(() => DeadLetter, { description: 'Runs a rejected message through the receive path again, after the cause was fixed' })
  replayDeadLetter(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<DeadLetter> {
    this.access.assertRole(caller, Role.InspectionOffice);
    return this.status.replay(id);
  }

  @Mutation(() => ID, { description: 'Sends a probe from a node served here to any node; returns its message id' })
  async sendProbe(
    @CurrentCaller() caller: Caller,
    @Args('from', { type: () => ID }) from: string,
    @Args('to', { type: () => ID }) to: string,
    @Args('label') label: string,
    @Args('body', { nullable: true }) body?: string,
  ): Promise<string> {
    this.access.assertRole(caller, Role.InspectionOffice);
    this.access.assertActsFor(caller, from);
    if (!this.host.serves(from)) throw new FederationException(FederationErrorCode.NodeNotServedHere, `node ${from} is not served by host ${this.host.hostId}`);
    if (!this.host.registry.has(to)) throw new FederationException(FederationErrorCode.UnknownNode, `unknown node ${JSON.stringify(to)}`);
    if (to === from) throw new FederationException(FederationErrorCode.NoRoute, 'a node cannot send a probe to itself');
    try {
      return await this.probes.send(from, to, label, body);
    } catch (error) {
      if (error instanceof MessageTooLargeError) throw new FederationException(FederationErrorCode.MessageTooLarge, error.message);
      throw error;
    }
  }

  @Mutation(() => Int, { description: 'Sends `count` probes (labelled label-0 … label-N) in one transaction, for load tests of a path' })
  async sendProbeBurst(
    @CurrentCaller() caller: Caller,
    @Args('from', { type: () => ID }) from: string,
    @Args('to', { type: () => ID }) to: string,
    @Args('label') label: string,
    @Args('count', { type: () => Int }) count: number,
  ): Promise<number> {
    this.access.assertRole(caller, Role.InspectionOffice);
    this.access.assertActsFor(caller, from);
    if (!this.host.registry.has(to) || to === from) throw new FederationException(FederationErrorCode.NoRoute, `no route from ${from} to ${JSON.stringify(to)}`);
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw new FederationException(FederationErrorCode.BadArgument, 'count must be between 1 and 1000');
    return this.probes.sendBurst(from, to, label, count);
  }

  @Query(() => [ProbeReceipt], { description: 'Probes that arrived at a node served here, newest first' })
  probesReceived(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('limit', { type: () => Int, defaultValue: 100 }) limit: number,
  ): Promise<ProbeReceipt[]> {
    this.assertOperator(caller, nodeId);
    if (!this.host.serves(nodeId)) throw new FederationException(FederationErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}`);
    return this.probes.received(nodeId, Math.min(Math.max(limit, 1), 10_000));
  }
}
