import { Injectable } from '@nestjs/common';
import { DeliveryContext, HandlesMessage, InvalidPayloadError, LinkageTaskReportPayload, MessageHandler, MessageType, Registry, UnitOfWork } from '@app/federation';
import { Arrival, LinkageTaskArrivals } from './linkage-task.arrivals';
import { LinkageTaskRecord } from './linkage-task.entity';
import { RecipientState, TaskRole } from './linkage-task.enums';
import { LinkageTaskLedger, lifecycleOf } from './linkage-task.ledger';
import { messagesDown } from './linkage-task.outgoing';
import { LinkageTaskProvenance } from './linkage-task.provenance';
import { LinkageTaskService } from './linkage-task.service';
import { LifecycleEvent, transition } from './linkage-task.state-machine';

/**
 * A task arrives from the parent: the node records it and every recipient in its subtree, confirms
 * its own receipt upward when it is one, and sends each child below which there are recipients
 * one message naming them (统一领导、分级负责: each level passes work to the level below it).
 */
@Injectable()
@HandlesMessage(MessageType.LinkageTaskIssued)
export class LinkageTaskIssuedHandler implements MessageHandler<typeof MessageType.LinkageTaskIssued> {
  constructor(
    private readonly ledger: LinkageTaskLedger,
    private readonly arrivals: LinkageTaskArrivals,
    private readonly registry: Registry,
    private readonly provenance: LinkageTaskProvenance,
  ) {}

  /** Tasks new at their nodes (the usual case, and a nationwide task's thousands) are recorded together. */
  async apply(contexts: ReadonlyArray<DeliveryContext<typeof MessageType.LinkageTaskIssued>>): Promise<void> {
    const arrivals = contexts.map((ctx) => this.arrival(ctx));
    await this.ledger.lockFamilies(
      contexts[0].manager,
      arrivals.map(({ ctx, issued }) => ({ nodeId: ctx.node.id, rootTaskId: issued.rootTaskId })),
    );
    const known = await this.arrivals.known(arrivals);
    const fresh = arrivals.filter(({ ctx, issued }) => !known.has(`${ctx.node.id}:${issued.taskId}`));
    if (fresh.length > 0) await this.arrivals.record(fresh);
    for (const arrival of arrivals) if (known.has(`${arrival.ctx.node.id}:${arrival.issued.taskId}`)) await this.again(arrival);
  }

  private arrival(ctx: DeliveryContext<typeof MessageType.LinkageTaskIssued>): Arrival {
    const { payload, node } = ctx;
    const registry = this.registry;
    if (!registry.has(payload.issuerId) || !registry.isAncestor(payload.issuerId, node.id)) {
      throw new InvalidPayloadError(`task ${payload.taskId} names issuer ${payload.issuerId}, which is not above ${node.id}`);
    }
    const outside = payload.recipients.find((id) => !registry.has(id) || !registry.inSubtree(node.id, id));
    if (outside !== undefined) throw new InvalidPayloadError(`task ${payload.taskId} names recipient ${JSON.stringify(outside)} outside the subtree of ${node.id}`);
    const proof = this.provenance.issueProof(payload, node.id);
    const { recipients, ...issued } = payload;
    return { ctx, issued, recipients, proof };
  }

  /** A task the node already holds (it was a relay and is a recipient too, or the issue came again). */
  private async again({ ctx, issued, recipients, proof }: Arrival): Promise<void> {
    const { manager, node } = ctx;
    const recipient = recipients.includes(node.id);
    const { issuerSignature: _signed, ...content } = issued;
    const record = await this.ledger.recordTask(manager, node.id, content, recipient ? TaskRole.Recipient : TaskRole.Relay, proof);
    await this.ledger.addUnits(manager, record, recipients);
    if (recipient) {
      const own = (await this.ledger.unit(manager, node.id, record.taskId, node.id))!;
      if (own.phase === RecipientState.Issued) await this.ledger.changeOwn(ctx, record, own, transition(lifecycleOf(own), LifecycleEvent.Deliver));
    }
    this.ledger.touch(ctx, record);
    ctx.emit(...messagesDown(this.registry, record, MessageType.LinkageTaskIssued, recipients, (below) => ({ ...issued, recipients: below })));
  }
}

/** A new version: each level keeps it in the history, moves its recipients to the new deadline and passes it down. */
@Injectable()
@HandlesMessage(MessageType.LinkageTaskAmended)
export class LinkageTaskAmendedHandler implements MessageHandler<typeof MessageType.LinkageTaskAmended> {
  constructor(
    private readonly ledger: LinkageTaskLedger,
    private readonly registry: Registry,
    private readonly provenance: LinkageTaskProvenance,
  ) {}

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.LinkageTaskAmended>>): Promise<void> {
    for (const ctx of deliveries) {
      const record = await taskFrom(this.ledger, ctx, ctx.payload.taskId);
      const proof = this.provenance.amendmentProof(record.issuerId, ctx.payload);
      if (!(await this.ledger.applyVersion(ctx, record, ctx.payload, proof))) continue;
      ctx.emit(...messagesDown(this.registry, record, MessageType.LinkageTaskAmended, await this.ledger.recipients(ctx.manager, record), () => ctx.payload));
    }
  }
}

/** A cancel: each level closes its view and passes it down; a recipient also cancels the assignments it decomposed from the task. */
@Injectable()
@HandlesMessage(MessageType.LinkageTaskCancelled)
export class LinkageTaskCancelledHandler implements MessageHandler<typeof MessageType.LinkageTaskCancelled> {
  constructor(
    private readonly ledger: LinkageTaskLedger,
    private readonly tasks: LinkageTaskService,
    private readonly registry: Registry,
    private readonly provenance: LinkageTaskProvenance,
  ) {}

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.LinkageTaskCancelled>>): Promise<void> {
    for (const ctx of deliveries) {
      const record = await taskFrom(this.ledger, ctx, ctx.payload.taskId);
      const proof = this.provenance.cancelProof(record.issuerId, ctx.payload);
      if (!(await this.ledger.applyCancel(ctx, record, ctx.payload.reason, new Date(ctx.payload.cancelledAt), proof))) continue;
      ctx.emit(...messagesDown(this.registry, record, MessageType.LinkageTaskCancelled, await this.ledger.recipients(ctx.manager, record), () => ctx.payload));
      if (record.role !== TaskRole.Recipient) continue;
      const assignments = await ctx.manager.find(LinkageTaskRecord, { where: { nodeId: ctx.node.id, parentTaskId: record.taskId, role: TaskRole.Issuer } });
      await this.tasks.cancelIssued(ctx, assignments, `cancelled with task ${record.taskId}: ${ctx.payload.reason}`);
    }
  }
}

/**
 * Reports from a child's subtree: the node records the newer ones, rolls them into its view and,
 * below the issuer, sends what changed on to its parent once the run is applied.
 */
@Injectable()
@HandlesMessage(MessageType.LinkageTaskProgress)
export class LinkageTaskProgressHandler implements MessageHandler<typeof MessageType.LinkageTaskProgress> {
  constructor(
    private readonly ledger: LinkageTaskLedger,
    private readonly registry: Registry,
  ) {}

  /** The reports of many children together: one update for all; the roll-ups and reports up of every task at the run's end. */
  async apply(contexts: ReadonlyArray<DeliveryContext<typeof MessageType.LinkageTaskProgress>>): Promise<void> {
    for (const ctx of contexts) this.check(ctx);
    const records = await this.ledger.lockTasks(contexts[0].manager, contexts.map((ctx) => ({ nodeId: ctx.node.id, taskId: ctx.payload.taskId })));
    const byTask = new Map<string, { tx: UnitOfWork; record: LinkageTaskRecord; reports: LinkageTaskReportPayload[] }>();
    for (const ctx of contexts) {
      const key = `${ctx.node.id}:${ctx.payload.taskId}`;
      const record = records.get(key);
      // Channels deliver in order, so a task's issue always precedes anything else about it.
      if (!record) throw new InvalidPayloadError(`node ${ctx.node.id} holds no task ${ctx.payload.taskId}`);
      const task = byTask.get(key) ?? { tx: ctx, record, reports: [] };
      // What they cause goes out under the last of them, as if they had come one after another.
      task.tx = ctx;
      task.reports.push(...ctx.payload.reports);
      byTask.set(key, task);
    }
    await this.ledger.applyReports([...byTask.values()]);
  }

  private check(ctx: DeliveryContext<typeof MessageType.LinkageTaskProgress>): void {
    const { payload, envelope } = ctx;
    const outside = payload.reports.find((report) => !this.registry.has(report.recipientId) || !this.registry.inSubtree(envelope.from, report.recipientId));
    if (outside) throw new InvalidPayloadError(`${envelope.from} sent a report for ${JSON.stringify(outside.recipientId)}, which is outside its subtree`);
  }
}

async function taskFrom(ledger: LinkageTaskLedger, ctx: DeliveryContext, taskId: string): Promise<LinkageTaskRecord> {
  const record = (await ledger.lockTasks(ctx.manager, [{ nodeId: ctx.node.id, taskId }])).get(`${ctx.node.id}:${taskId}`);
  // Channels deliver in order, so a task's issue always precedes anything else about it.
  if (!record) throw new InvalidPayloadError(`node ${ctx.node.id} holds no task ${taskId}`);
  return record;
}
