import { Injectable } from '@nestjs/common';
import { FederationTransactions, LinkageTaskAmendedPayload, LinkageTaskIssuedPayload, MessageType, Registry, UnitOfWork } from '@app/federation';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { resolveTargets } from '../common/target-scope';
import { OrganisationScope } from '../organisation/organisation-scope';
import { AmendLinkageTaskInput, CancelLinkageTaskInput } from './dto/change-linkage-task.input';
import { DecomposeLinkageTaskInput, IssueLinkageTaskInput } from './dto/issue-linkage-task.input';
import { insertAll } from '../common/bulk-insert';
import { LinkageTaskRecord, LinkageTaskUnit } from './linkage-task.entity';
import { TaskRole } from './linkage-task.enums';
import { LinkageTaskErrorCode, LinkageTaskException } from './linkage-task.exception';
import { LinkageTaskLedger, lifecycleOf } from './linkage-task.ledger';
import { LinkageTaskProvenance } from './linkage-task.provenance';
import { messagesDown } from './linkage-task.outgoing';
import { assertInsideParent, assertWindow, inheritedRequirements, mergeFocusPoints } from './linkage-task.rules';
import { LifecycleEvent, transition } from './linkage-task.state-machine';

type Draft = Omit<LinkageTaskIssuedPayload, 'taskId' | 'version' | 'rootTaskId' | 'issuedAt' | 'recipients' | 'issuerSignature'> & { rootTaskId: string | null };

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
    private readonly provenance: LinkageTaskProvenance,
    private readonly organisationScope: OrganisationScope,
  ) {}

  async issue(input: IssueLinkageTaskInput): Promise<LinkageTaskRecord> {
    // 系统性联动: by organisation kind, the issuer's registers name the organisations and the nodes that inspect them.
    const byKind = input.scope.organisationKinds?.length ? await this.organisationScope.resolve(input.nodeId, input.scope) : null;
    const targets = byKind ? byKind.targets : resolveTargets(this.registry, input.nodeId, input.scope);
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
          scope: { ...plainScope(input.scope), ...(byKind ? { organisations: byKind.organisations } : {}) },
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
      const content: Omit<LinkageTaskAmendedPayload, 'issuerSignature'> = {
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
      const amended = { ...content, issuerSignature: this.provenance.signAmendment(record.issuerId, content) };
      await this.ledger.applyVersion(tx, record, amended, this.provenance.amendmentProof(record.issuerId, amended));
      tx.emit(...messagesDown(this.registry, record, MessageType.LinkageTaskAmended, await this.ledger.recipients(tx.manager, record), () => amended));
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
   * Cancels tasks this node issued (a cancel, or the cascade of one to the node's assignments) and
   * sends the cancels down; the roll-ups and the node's own reports up follow at the end of the unit.
   */
  async cancelIssued(tx: UnitOfWork, records: LinkageTaskRecord[], reason: string): Promise<void> {
    const at = new Date().toISOString();
    for (const record of records) {
      const content = { taskId: record.taskId, reason, cancelledAt: at };
      const cancelled = { ...content, issuerSignature: this.provenance.signCancel(record.issuerId, content) };
      if (!(await this.ledger.applyCancel(tx, record, reason, new Date(at), this.provenance.cancelProof(record.issuerId, cancelled)))) continue;
      const recipients = await this.ledger.recipients(tx.manager, record);
      tx.emit(...messagesDown(this.registry, record, MessageType.LinkageTaskCancelled, recipients, () => cancelled));
    }
  }

  private async issueIn(tx: UnitOfWork, draft: Draft, targets: string[]): Promise<LinkageTaskRecord> {
    const taskId = uuidv7();
    const content = { ...draft, taskId, version: 1, rootTaskId: draft.rootTaskId ?? taskId, issuedAt: new Date().toISOString() };
    const issued = { ...content, issuerSignature: this.provenance.signIssue(content) };
    await this.ledger.lockFamilies(tx.manager, [{ nodeId: issued.issuerId, rootTaskId: issued.rootTaskId }]);
    const proof = this.provenance.issueProof({ ...issued, recipients: targets }, issued.issuerId);
    const record = await this.ledger.recordTask(tx.manager, issued.issuerId, content, TaskRole.Issuer, proof);
    await insertAll(tx.manager, LinkageTaskUnit, this.ledger.newUnits(tx.manager, record, targets, null, new Date()));
    this.ledger.touch(tx, record);
    tx.emit(...messagesDown(this.registry, record, MessageType.LinkageTaskIssued, targets, (recipients) => ({ ...issued, recipients })));
    return record;
  }

  private async requireTask(manager: EntityManager, nodeId: string, taskId: string): Promise<LinkageTaskRecord> {
    const record = (await this.ledger.lockTasks(manager, [{ nodeId, taskId }])).get(`${nodeId}:${taskId}`);
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
  const { nodeIds, tier, under, wholeSubtree, organisationKinds } = scope;
  return JSON.parse(JSON.stringify({ nodeIds, tier, under, wholeSubtree, organisationKinds }));
}
