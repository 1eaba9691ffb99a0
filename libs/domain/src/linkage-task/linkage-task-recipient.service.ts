import { Injectable } from '@nestjs/common';
import { FederationTransactions } from '@app/federation';
import { AcceptLinkageTaskInput, CompleteLinkageTaskInput, ReportLinkageTaskProgressInput } from './dto/change-linkage-task.input';
import { LinkageTaskRecord, LinkageTaskUnit } from './linkage-task.entity';
import { TaskRole } from './linkage-task.enums';
import { LinkageTaskErrorCode, LinkageTaskException } from './linkage-task.exception';
import { LinkageTaskLedger, lifecycleOf } from './linkage-task.ledger';
import { cancelled } from './linkage-task.service';
import { LifecycleEvent, transition } from './linkage-task.state-machine';

/** The receiving side: a recipient accepts, reports progress and completes; each step goes up to the issuer. */
@Injectable()
export class LinkageTaskRecipientService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly ledger: LinkageTaskLedger,
  ) {}

  accept(input: AcceptLinkageTaskInput): Promise<LinkageTaskRecord> {
    return this.act(input, LifecycleEvent.Accept, {});
  }

  reportProgress(input: ReportLinkageTaskProgressInput): Promise<LinkageTaskRecord> {
    return this.act(input, LifecycleEvent.ReportProgress, { percent: input.percent, note: input.note.trim() });
  }

  complete(input: CompleteLinkageTaskInput): Promise<LinkageTaskRecord> {
    return this.act(input, LifecycleEvent.Complete, { percent: 100, report: input.report.trim() });
  }

  private act(input: { nodeId: string; taskId: string }, event: LifecycleEvent, changes: Partial<LinkageTaskUnit>): Promise<LinkageTaskRecord> {
    return this.transactions.run(async (tx) => {
      const record = (await this.ledger.lockTasks(tx.manager, [input])).get(`${input.nodeId}:${input.taskId}`);
      if (!record) throw new LinkageTaskException(LinkageTaskErrorCode.NotFound, `node ${input.nodeId} has no task ${input.taskId}`);
      const own = await this.ledger.unit(tx.manager, input.nodeId, input.taskId, input.nodeId);
      if (record.role !== TaskRole.Recipient || !own) {
        throw new LinkageTaskException(LinkageTaskErrorCode.NotRecipient, `node ${input.nodeId} is not a recipient of task ${input.taskId}`);
      }
      if (record.cancelledAt) throw cancelled(record);
      await this.ledger.changeOwn(tx, record, own, transition(lifecycleOf(own), event), changes);
      return record;
    });
  }
}
