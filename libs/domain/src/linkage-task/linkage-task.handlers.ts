import { Injectable } from '@nestjs/common';
import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType, RelayDecision } from '@app/federation';
import { LinkageTaskRecord } from './linkage-task.entity';
import { RecipientState, TaskRole } from './linkage-task.enums';
import { LinkageTaskLedger, lifecycleOf } from './linkage-task.ledger';
import { LinkageTaskService } from './linkage-task.service';
import { LifecycleEvent, transition } from './linkage-task.state-machine';

/** A task arrives: every level on the way records it and the recipient it is for; the recipient confirms receipt upward. */
@Injectable()
@HandlesMessage(MessageType.LinkageTaskIssued)
export class LinkageTaskIssuedHandler implements MessageHandler<MessageType.LinkageTaskIssued> {
  constructor(private readonly ledger: LinkageTaskLedger) {}

  async relay(ctx: DeliveryContext<MessageType.LinkageTaskIssued>): Promise<RelayDecision> {
    const record = await this.record(ctx, TaskRole.Relay);
    await this.ledger.addUnit(ctx.manager, record, ctx.envelope.destination);
    this.ledger.refreshAtEnd(ctx, record, ctx.envelope.destination);
    return RelayDecision.Forward;
  }

  async apply(ctx: DeliveryContext<MessageType.LinkageTaskIssued>): Promise<void> {
    const record = await this.record(ctx, TaskRole.Recipient);
    const own = await this.ledger.addUnit(ctx.manager, record, ctx.node.id);
    if (own.phase !== RecipientState.Issued) return;
    await this.ledger.reportOwn(ctx, record, own, transition(lifecycleOf(own), LifecycleEvent.Deliver));
    this.ledger.refreshAtEnd(ctx, record, ctx.node.id);
  }

  private async record(ctx: DeliveryContext<MessageType.LinkageTaskIssued>, role: TaskRole): Promise<LinkageTaskRecord> {
    const { payload, envelope, manager } = ctx;
    if (envelope.origin !== payload.issuerId) throw new InvalidPayloadError(`task ${payload.taskId} names issuer ${payload.issuerId} but was sent by ${envelope.origin}`);
    await this.ledger.lockFamily(manager, ctx.node.id, payload.rootTaskId);
    return this.ledger.recordTask(manager, ctx.node.id, payload, role);
  }
}

/** A new version: each level keeps it in the history and moves its recipients to the new deadline. */
@Injectable()
@HandlesMessage(MessageType.LinkageTaskAmended)
export class LinkageTaskAmendedHandler implements MessageHandler<MessageType.LinkageTaskAmended> {
  constructor(private readonly ledger: LinkageTaskLedger) {}

  async relay(ctx: DeliveryContext<MessageType.LinkageTaskAmended>): Promise<RelayDecision> {
    const { record, changed } = await this.amend(ctx);
    if (changed) await this.ledger.refresh(ctx, record);
    return RelayDecision.Forward;
  }

  async apply(ctx: DeliveryContext<MessageType.LinkageTaskAmended>): Promise<void> {
    const { record, changed } = await this.amend(ctx);
    if (!changed) return;
    const own = changed.find((unit) => unit.recipientId === ctx.node.id);
    if (own) await this.ledger.changeOwn(ctx, record, own, lifecycleOf(own));
    else await this.ledger.refresh(ctx, record);
  }

  private async amend(ctx: DeliveryContext<MessageType.LinkageTaskAmended>) {
    const record = await taskFrom(this.ledger, ctx, ctx.payload.taskId);
    if (ctx.envelope.origin !== record.issuerId) throw new InvalidPayloadError(`task ${record.taskId} can only be amended by its issuer ${record.issuerId}`);
    return { record, changed: await this.ledger.applyVersion(ctx.manager, record, ctx.payload) };
  }
}

/** A cancel: each level closes its view; the recipient also cancels the assignments it decomposed from the task. */
@Injectable()
@HandlesMessage(MessageType.LinkageTaskCancelled)
export class LinkageTaskCancelledHandler implements MessageHandler<MessageType.LinkageTaskCancelled> {
  constructor(
    private readonly ledger: LinkageTaskLedger,
    private readonly tasks: LinkageTaskService,
  ) {}

  async relay(ctx: DeliveryContext<MessageType.LinkageTaskCancelled>): Promise<RelayDecision> {
    const record = await this.cancel(ctx);
    if (record) await this.ledger.refresh(ctx, record);
    return RelayDecision.Forward;
  }

  async apply(ctx: DeliveryContext<MessageType.LinkageTaskCancelled>): Promise<void> {
    const record = await this.cancel(ctx);
    if (!record) return;
    await this.ledger.refresh(ctx, record);
    const assignments = await ctx.manager.find(LinkageTaskRecord, { where: { nodeId: ctx.node.id, parentTaskId: record.taskId, role: TaskRole.Issuer } });
    await this.tasks.cancelIssued(ctx, assignments, `cancelled with task ${record.taskId}: ${ctx.payload.reason}`);
  }

  private async cancel(ctx: DeliveryContext<MessageType.LinkageTaskCancelled>): Promise<LinkageTaskRecord | null> {
    const record = await taskFrom(this.ledger, ctx, ctx.payload.taskId);
    if (ctx.envelope.origin !== record.issuerId) throw new InvalidPayloadError(`task ${record.taskId} can only be cancelled by its issuer ${record.issuerId}`);
    return (await this.ledger.applyCancel(ctx.manager, record, ctx.payload.reason, new Date(ctx.payload.cancelledAt))) ? record : null;
  }
}

/** A recipient's status on its way up: every level records it and rolls it into its own view. */
@Injectable()
@HandlesMessage(MessageType.LinkageTaskProgress)
export class LinkageTaskProgressHandler implements MessageHandler<MessageType.LinkageTaskProgress> {
  constructor(private readonly ledger: LinkageTaskLedger) {}

  async relay(ctx: DeliveryContext<MessageType.LinkageTaskProgress>): Promise<RelayDecision> {
    await this.apply(ctx);
    return RelayDecision.Forward;
  }

  async apply(ctx: DeliveryContext<MessageType.LinkageTaskProgress>): Promise<void> {
    const record = await taskFrom(this.ledger, ctx, ctx.payload.taskId);
    if (ctx.envelope.origin !== ctx.payload.recipientId) throw new InvalidPayloadError(`a report for ${ctx.payload.recipientId} was sent by ${ctx.envelope.origin}`);
    if (await this.ledger.applyReport(ctx.manager, record, ctx.payload)) this.ledger.refreshAtEnd(ctx, record, ctx.payload.recipientId);
  }
}

async function taskFrom(ledger: LinkageTaskLedger, ctx: DeliveryContext, taskId: string): Promise<LinkageTaskRecord> {
  const record = await ledger.lockTask(ctx.manager, ctx.node.id, taskId);
  // Channels deliver in order, so a task's issue always precedes anything else about it.
  if (!record) throw new InvalidPayloadError(`node ${ctx.node.id} holds no task ${taskId}`);
  return record;
}
