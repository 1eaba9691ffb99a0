import { LinkageTaskReportPayload, MessagePayloads, MessageType, OutgoingMessage, Registry } from '@app/federation';
import { viaChild } from '../common/target-scope';
import { LinkageTaskRecord } from './linkage-task.entity';

export type DownType = typeof MessageType.LinkageTaskIssued | typeof MessageType.LinkageTaskAmended | typeof MessageType.LinkageTaskCancelled;
export type OutgoingDown<T extends DownType> = Omit<OutgoingMessage<T>, 'causationId' | 'trace'>;

/**
 * A task's messages down, one per child with recipients below it (one message per tree edge): an
 * issue names the recipients in that child's subtree, an amendment or a cancel applies to all of them.
 */
export function messagesDown<T extends DownType>(
  registry: Registry,
  record: LinkageTaskRecord,
  type: T,
  recipients: readonly string[],
  payloadFor: (recipients: string[]) => MessagePayloads[T],
): Array<OutgoingDown<T>> {
  const byChild = new Map<string, string[]>();
  for (const recipientId of [...recipients].sort()) {
    const child = viaChild(registry, record.nodeId, recipientId);
    if (child === record.nodeId) continue;
    const list = byChild.get(child);
    if (list) list.push(recipientId);
    else byChild.set(child, [recipientId]);
  }
  return [...byChild].map(([childId, below]) => ({ type, from: record.nodeId, destination: childId, correlationId: record.rootTaskId, payload: payloadFor(below) }));
}

export type ReportRow = Omit<LinkageTaskReportPayload, 'at'> & { reportedAt: Date };

/** The progress messages carrying these reports to the node's parent, in messages of a bounded size. */
export function messagesUp(registry: Registry, record: LinkageTaskRecord, units: readonly ReportRow[]): Array<OutgoingMessage<typeof MessageType.LinkageTaskProgress>> {
  const reports = units
    .map(({ recipientId, rev, phase, overdue, percent, note, report, subtree, reportedAt }) => ({ recipientId, rev, phase, overdue, percent, note, report, subtree, at: reportedAt.toISOString() }))
    .sort((a, b) => a.recipientId.localeCompare(b.recipientId));
  const parentId = registry.parent(record.nodeId)!.id;
  return chunkReports(reports).map((chunk) => ({
    type: MessageType.LinkageTaskProgress,
    from: record.nodeId,
    destination: parentId,
    correlationId: record.rootTaskId,
    payload: { taskId: record.taskId, reports: chunk },
  }));
}

/** Serialised reports per progress message: a quarter of the default message limit, whatever the reports' texts. */
const REPORT_BYTES = 256 * 1024;

/** Reports in messages of at most REPORT_BYTES each (a single larger report goes alone). */
function chunkReports(reports: LinkageTaskReportPayload[]): LinkageTaskReportPayload[][] {
  const chunks: LinkageTaskReportPayload[][] = [];
  let current: LinkageTaskReportPayload[] = [];
  let bytes = 0;
  for (const report of reports) {
    const size = Buffer.byteLength(JSON.stringify(report));
    if (current.length > 0 && bytes + size > REPORT_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(report);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
