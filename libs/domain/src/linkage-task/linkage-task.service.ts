import { Injectable } from '@nestjs/common';
import { FederationTransactions, LinkageTaskAmendedPayload, LinkageTaskIssuedPayload, MessagePayloads, MessageType, Registry } from '@app/federation';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DomainTx } from '../common/domain-tx';
import { fanOutOrder, resolveTargets } from '../common/target-scope';
import { AmendLinkageTaskInput, CancelLinkageTaskInput } from './dto/change-linkage-task.input';
import { DecomposeLinkageTaskInput, IssueLinkageTaskInput } from './dto/issue-linkage-task.input';
import { LinkageTaskRecord } from './linkage-task.entity';
import { TaskRole } from './linkage-task.enums';
import { LinkageTaskErrorCode, LinkageTaskException } from './linkage-task.exception';
import { LinkageTaskLedger, lifecycleOf } from './linkage-task.ledger';
import { assertInsideParent, assertWindow, inheritedRequirements, mergeFocusPoints } from './linkage-task.rules';
import { LifecycleEvent, transition } from './linkage-task.state-machine';

type Draft = Omit<LinkageTaskIssuedPayload, 'taskId' | 'version' | 'rootTaskId' | 'issuedAt'> & { rootTaskId: string | null };
type DownType = MessageType.LinkageTaskIssued | MessageType.LinkageTaskAmended | MessageType.LinkageTaskCancelled;
type Outgoing = { [T in DownType]: { type: T; destination: string; correlationId: string; payload: MessagePayloads[T] } }[DownType];

/**
 * The issuing side of linkage tasks: issue, decompose a received task into assignments, amend and
 * cancel. Every change is written and sent to each recipient in one transaction.
 */
@Injectable()
export class LinkageTaskService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly registry: Registry,
    private readonly ledger: LinkageTaskLedger,
  ) {}

  async issue(input: IssueLinkageTaskInput): Promise<LinkageTaskRecord> {
    const targets = resolveTargets(this.registry, input.nodeId, input.scope);
    assertWindow(input, new Date());
    return this.transactions.run((tx) =>
      this.issueIn(
        tx,
        {
          issuerId: input.nodeId,
          parentTaskId: null,
          rootTaskId: null,
          kind: input.kind,
          linkageType: input.linkageType,
          scope: plainScope(input.scope),
          title: input.title.trim(),
          requirements: input.requirements.trim(),
          inheritedRequirements: null,
          focusPoints: mergeFocusPoints([], input.focusPoints),
          startAt: input.startAt.toISOString(),
          deadline: input.deadline.toISOString(),
        },
        targets,
      ),
    );
  }

  /** 分级负责: the level that received a task divides it among its own lower levels, inside the task's window. */
  async decompose(input: DecomposeLinkageTaskInput): Promise<LinkageTaskRecord> {
    const targets = resolveTargets(this.registry, input.nodeId, input.scope);
    return this.transactions.run(async (tx) => {
      const parent = await this.requireTask(tx.manager, input.nodeId, input.taskId);
      if (parent.role !== TaskRole.Recipient) throw new LinkageTaskException(LinkageTaskErrorCode.NotRecipient, `node ${input.nodeId} did not receive task ${input.taskId}: only a recipient decomposes it`);
      if (parent.cancelledAt) throw cancelled(parent);
      const own = await this.ledger.unit(tx.manager, input.nodeId, input.taskId, input.nodeId);
      transition(lifecycleOf(own!), LifecycleEvent.Decompose);
      const window = { startAt: input.startAt ?? parent.startAt, deadline: input.deadline };
      assertWindow(window, new Date());
      assertInsideParent(window, parent);
      return this.issueIn(
        tx,
        {
          issuerId: input.nodeId,
          parentTaskId: parent.taskId,
          rootTaskId: parent.rootTaskId,
          kind: parent.kind,
          linkageType: parent.linkageType,
          scope: plainScope(input.scope),
          title: input.title?.trim() ?? parent.title,
          requirements: input.addedRequirements.trim(),
          inheritedRequirements: inheritedRequirements(parent),
          focusPoints: mergeFocusPoints(parent.focusPoints, input.addedFocusPoints),
          startAt: window.startAt.toISOString(),
          deadline: window.deadline.toISOString(),
        },
        targets,
      );
    });
  }

  async amend(input: AmendLinkageTaskInput): Promise<LinkageTaskRecord> {
    return this.transactions.run(async (tx) => {
      const record = await this.requireIssued(tx.manager, input.nodeId, input.taskId);
      if (input.expectedVersion !== undefined && input.expectedVersion !== null && input.expectedVersion !== record.version) {
        throw new LinkageTaskException(LinkageTaskErrorCode.StaleVersion, `task ${record.taskId} is at version ${record.version}, not ${input.expectedVersion}: read it again before amending`);
      }
      const window = { startAt: input.startAt ?? record.startAt, deadline: input.deadline ?? record.deadline };
      assertWindow(window, new Date());
      if (record.parentTaskId) {
        const parent = await this.ledger.find(tx.manager, record.nodeId, record.parentTaskId);
        if (parent) assertInsideParent(window, parent);
      }
      const amended: LinkageTaskAmendedPayload = {
        taskId: record.taskId,
        version: record.version + 1,
        note: input.note.trim(),
        amendedAt: new Date().toISOString(),
        title: input.title?.trim() ?? record.title,
        requirements: input.requirements?.trim() ?? record.requirements,
        inheritedRequirements: record.inheritedRequirements,
        focusPoints: input.focusPoints ? mergeFocusPoints([], input.focusPoints) : record.focusPoints,
        startAt: window.startAt.toISOString(),
        deadline: window.deadline.toISOString(),
      };
      await this.ledger.applyVersion(tx.manager, record, amended);
      await this.ledger.refresh(tx, record);
      await this.sendDown(tx, record.nodeId, await this.toRecipients(tx, record, MessageType.LinkageTaskAmended, amended));
      return record;
    });
  }

  async cancel(input: CancelLinkageTaskInput): Promise<LinkageTaskRecord> {
    return this.transactions.run(async (tx) => {
      const record = await this.requireIssued(tx.manager, input.nodeId, input.taskId);
      await this.cancelIssued(tx, [record], input.reason.trim());
      return record;
    });
  }

  /**
   * Cancels tasks this node issued (a cancel, or the cascade of one to the node's assignments):
   * every copy first, then the roll-ups and the node's own report up, then the messages down.
   */
  async cancelIssued(tx: DomainTx, records: LinkageTaskRecord[], reason: string): Promise<void> {
    const at = new Date();
    const cancelled: LinkageTaskRecord[] = [];
    for (const record of records) if (await this.ledger.applyCancel(tx.manager, record, reason, at)) cancelled.push(record);
    for (const record of cancelled) await this.ledger.refresh(tx, record);
    const messages: Outgoing[] = [];
    for (const record of cancelled) {
      messages.push(...(await this.toRecipients(tx, record, MessageType.LinkageTaskCancelled, { taskId: record.taskId, reason, cancelledAt: at.toISOString() })));
    }
    await this.sendDown(tx, cancelled[0]?.nodeId, messages);
  }

  private async issueIn(tx: DomainTx, draft: Draft, targets: string[]): Promise<LinkageTaskRecord> {
    const taskId = uuidv7();
    const issued: LinkageTaskIssuedPayload = { ...draft, taskId, version: 1, rootTaskId: draft.rootTaskId ?? taskId, issuedAt: new Date().toISOString() };
    await this.ledger.lockFamily(tx.manager, issued.issuerId, issued.rootTaskId);
    const record = await this.ledger.recordTask(tx.manager, issued.issuerId, issued, TaskRole.Issuer);
    await this.ledger.addUnits(tx.manager, record, targets);
    await this.ledger.refresh(tx, record);
    await this.sendDown(tx, record.nodeId, await this.toRecipients(tx, record, MessageType.LinkageTaskIssued, issued));
    return record;
  }

  /** Issue, amendments and cancel of a task share each (sender, receiver) channel, so they arrive in that order. */
  private async toRecipients<T extends DownType>(tx: DomainTx, record: LinkageTaskRecord, type: T, payload: MessagePayloads[T]): Promise<Outgoing[]> {
    const units = await this.ledger.units(tx.manager, record);
    return units.map((unit) => ({ type, destination: unit.recipientId, correlationId: record.rootTaskId, payload }) as Outgoing);
  }

  /**
   * Channel rows are locked as messages are sent; taking them in one global order (the parent
   * first — refreshes above report up before this — then children ascending) keeps two
   * transactions from deadlocking on each other's channels.
   */
  private async sendDown(tx: DomainTx, from: string | undefined, messages: Outgoing[]): Promise<void> {
    if (!from || messages.length === 0) return;
    const order = fanOutOrder(this.registry, from, [...new Set(messages.map((message) => message.destination))]);
    const rank = new Map(order.map((destination, index) => [destination, index]));
    const sorted = [...messages].sort((a, b) => rank.get(a.destination)! - rank.get(b.destination)!);
    await tx.sendMany(sorted.map((message) => ({ ...message, from })));
  }

  private async requireTask(manager: EntityManager, nodeId: string, taskId: string): Promise<LinkageTaskRecord> {
    const record = await this.ledger.lockTask(manager, nodeId, taskId);
    if (!record) throw new LinkageTaskException(LinkageTaskErrorCode.NotFound, `node ${nodeId} has no task ${taskId}`);
    return record;
  }

  private async requireIssued(manager: EntityManager, nodeId: string, taskId: string): Promise<LinkageTaskRecord> {
    const record = await this.requireTask(manager, nodeId, taskId);
    if (record.role !== TaskRole.Issuer) throw new LinkageTaskException(LinkageTaskErrorCode.NotIssuer, `task ${taskId} was issued by ${record.issuerId}; only its issuer amends or cancels it`);
    if (record.cancelledAt) throw cancelled(record);
    return record;
  }
}

export function cancelled(record: LinkageTaskRecord): LinkageTaskException {
  return new LinkageTaskException(LinkageTaskErrorCode.Cancelled, `task ${record.taskId} was cancelled on ${record.cancelledAt!.toISOString()}: ${record.cancelReason}`);
}

function plainScope(scope: IssueLinkageTaskInput['scope']): LinkageTaskIssuedPayload['scope'] {
  const { nodeIds, tier, under, wholeSubtree } = scope;
  return JSON.parse(JSON.stringify({ nodeIds, tier, under, wholeSubtree }));
}
