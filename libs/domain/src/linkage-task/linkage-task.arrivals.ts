import { ContentProof, DeliveryContext, LinkageTaskIssuedPayload, MessageType, Registry } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { insertAll } from '../common/bulk-insert';
import { DownwardKind, StatusEvents } from '../common/status-events';
import { LinkageTaskChild, LinkageTaskRecord, LinkageTaskUnit, LinkageTaskVersion } from './linkage-task.entity';
import { TaskRole } from './linkage-task.enums';
import { LinkageTaskLedger, versionRow } from './linkage-task.ledger';
import { messagesDown, messagesUp } from './linkage-task.outgoing';
import { byChild, childRow } from './linkage-task.rollup-store';
import { summarise } from './linkage-task.rollup';

export interface Arrival {
  ctx: DeliveryContext<typeof MessageType.LinkageTaskIssued>;
  /** What reaches the next level: the content and the issuer's signature, without this level's recipients. */
  issued: Omit<LinkageTaskIssuedPayload, 'recipients'>;
  recipients: readonly string[];
  /** The issuer's signature, verified. */
  proof: ContentProof;
}

/**
 * Tasks arriving at nodes that have never seen them, recorded together: a nationwide task reaches
 * a host's counties by the hundred, and each county's copy, units, roll-up and receipt are a few
 * rows that need no read. Per batch: one INSERT per table, whatever the number of nodes; the
 * receipts up and the messages down are posted with the run's other messages.
 */
@Injectable()
export class LinkageTaskArrivals {
  constructor(
    private readonly ledger: LinkageTaskLedger,
    private readonly events: StatusEvents,
    private readonly registry: Registry,
  ) {}

  /** The tasks of `arrivals` that their nodes already hold, by `node:task` (to be applied one by one). */
  async known(arrivals: readonly Arrival[]): Promise<Set<string>> {
    const rows: Array<{ node_id: string; task_id: string }> = await arrivals[0].ctx.manager.query(
      `SELECT node_id, task_id FROM linkage_task WHERE (node_id, task_id) IN (SELECT * FROM unnest($1::varchar[], $2::uuid[]))`,
      [arrivals.map((a) => a.ctx.node.id), arrivals.map((a) => a.issued.taskId)],
    );
    return new Set(rows.map((row) => `${row.node_id}:${row.task_id}`));
  }

  /** Records tasks new at their nodes (their families' locks held): as LinkageTaskIssuedHandler does one by one. */
  async record(arrivals: readonly Arrival[]): Promise<void> {
    const { manager } = arrivals[0].ctx;
    const now = new Date();
    const records: LinkageTaskRecord[] = [];
    const versions: LinkageTaskVersion[] = [];
    const units: LinkageTaskUnit[] = [];
    const children: LinkageTaskChild[] = [];
    for (const { ctx, issued, recipients, proof } of arrivals) {
      const nodeId = ctx.node.id;
      const holder = recipients.includes(nodeId) ? nodeId : null;
      const record = this.ledger.newRecord(manager, nodeId, issued, holder ? TaskRole.Recipient : TaskRole.Relay);
      const taskUnits = this.ledger.newUnits(manager, record, recipients, holder, now).sort((a, b) => a.recipientId.localeCompare(b.recipientId));
      // Its receipt goes up in this very transaction: nothing is left for the unit's end to send.
      for (const unit of taskUnits) unit.sentRev = unit.rev;
      record.summary = summarise(taskUnits);
      for (const [childId, below] of byChild(nodeId, taskUnits)) children.push(childRow(nodeId, record.taskId, childId, below, now));
      records.push(record);
      versions.push(versionRow(record, null, record.issuedAt, proof));
      units.push(...taskUnits);
      const received = taskUnits.find((unit) => unit.recipientId === holder);
      if (received) {
        this.events.queue(manager, { nodeId, kind: DownwardKind.LinkageTask, subjectId: record.taskId, targetId: nodeId, state: received.state });
        if (record.issuerId !== nodeId) ctx.emit(...messagesUp(this.registry, record, [{ ...received, reportedAt: now }]));
      }
      ctx.emit(...messagesDown(this.registry, record, MessageType.LinkageTaskIssued, recipients, (below) => ({ ...issued, recipients: below })));
    }
    await insertAll(manager, LinkageTaskRecord, records);
    await insertAll(manager, LinkageTaskVersion, versions);
    await insertAll(manager, LinkageTaskUnit, units);
    await insertAll(manager, LinkageTaskChild, children);
  }
}
