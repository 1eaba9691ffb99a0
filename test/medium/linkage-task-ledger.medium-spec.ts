import { LinkageTaskArrivals } from '@app/domain/linkage-task/linkage-task.arrivals';
import { LinkageTaskCancelledHandler, LinkageTaskIssuedHandler, LinkageTaskProgressHandler } from '@app/domain/linkage-task/linkage-task.handlers';
import { LinkageTaskLedger } from '@app/domain/linkage-task/linkage-task.ledger';
import { LinkageTaskProvenance } from '@app/domain/linkage-task/linkage-task.provenance';
import { summarise } from '@app/domain/linkage-task/linkage-task.rollup';
import { LinkageTaskService } from '@app/domain/linkage-task/linkage-task.service';
import { StatusEvents } from '@app/domain/common/status-events';
import { LinkageTaskCancelledPayload, LinkageTaskIssuedPayload, LinkageTaskProgressPayload, LinkageTaskReportPayload, MessageType, contractOf } from '@app/federation';
import { randomUUID } from 'node:crypto';
import { MediumHost } from './utils/medium';

const PROVINCE = '130000';
const CITY = '130100';
const COUNTIES = ['130102', '130104'];
const DAY = 24 * 3600 * 1000;

/**
 * The linkage-task ledger at one level (a city), its messages applied in whatever order they meet
 * there: a report can never take a unit out of cancelled or completed, and the roll-ups settled at
 * the end of a unit equal a recount of the units.
 */
describe('linkage-task ledger (medium): a level applying task messages in any order', () => {
  let host: MediumHost;
  let issued: LinkageTaskIssuedHandler;
  let cancelled: LinkageTaskCancelledHandler;
  let progress: LinkageTaskProgressHandler;

  beforeAll(async () => {
    host = await MediumHost.start('local-130000');
    const ledger = new LinkageTaskLedger(host.registry, new StatusEvents(host.dataSource));
    const provenance = new LinkageTaskProvenance(host.signatures, host.registry);
    // The cancel handler calls the service only to cascade to assignments, inside the delivery's own unit.
    const service = new LinkageTaskService(null as never, host.registry, ledger, provenance, null as never);
    issued = new LinkageTaskIssuedHandler(ledger, new LinkageTaskArrivals(ledger, new StatusEvents(host.dataSource), host.registry), host.registry, provenance);
    cancelled = new LinkageTaskCancelledHandler(ledger, service, host.registry, provenance);
    progress = new LinkageTaskProgressHandler(ledger, host.registry);
  });

  afterAll(async () => {
    await host?.close();
  });

  /** A task central issued to the city's counties, as the province hands it to the city. */
  async function issueToCity(): Promise<string> {
    const taskId = randomUUID();
    const now = Date.now();
    const content = {
      taskId,
      rootTaskId: taskId,
      parentTaskId: null,
      issuerId: '000000',
      version: 1,
      kind: 'regular' as const,
      linkageType: 'regional' as const,
      scope: { nodeIds: COUNTIES },
      title: '有序性',
      requirements: '—',
      inheritedRequirements: null,
      focusPoints: [],
      startAt: new Date(now).toISOString(),
      deadline: new Date(now + 30 * DAY).toISOString(),
      issuedAt: new Date(now).toISOString(),
    };
    const payload: LinkageTaskIssuedPayload = { ...content, recipients: COUNTIES, issuerSignature: host.signAs('000000', 'linkage_task.issued', content) };
    await host.deliver((contexts) => issued.apply(contexts as never), [{ from: PROVINCE, to: CITY, type: MessageType.LinkageTaskIssued, payload }]);
    return taskId;
  }

  async function cancel(taskId: string): Promise<void> {
    const content = { taskId, reason: '撤销', cancelledAt: new Date().toISOString() };
    const payload: LinkageTaskCancelledPayload = { ...content, issuerSignature: host.signAs('000000', 'linkage_task.cancelled', content) };
    await host.deliver((contexts) => cancelled.apply(contexts as never), [{ from: PROVINCE, to: CITY, type: MessageType.LinkageTaskCancelled, payload }]);
  }

  const report = (recipientId: string, rev: number, phase: LinkageTaskReportPayload['phase'], percent = 0): LinkageTaskReportPayload => ({
    recipientId,
    rev,
    phase,
    overdue: false,
    percent,
    note: null,
    report: phase === 'completed' ? '完成' : null,
    subtree: null,
    at: new Date().toISOString(),
  });

  async function reports(taskId: string, ...items: LinkageTaskReportPayload[]): Promise<void> {
    const messages = items.map((item) => ({ from: item.recipientId, to: CITY, type: MessageType.LinkageTaskProgress, payload: { taskId, reports: [item] } satisfies LinkageTaskProgressPayload }));
    await host.deliver((contexts) => progress.apply(contexts as never), messages);
  }

  const unit = async (taskId: string, recipientId: string) =>
    (await host.sql<{ state: string; rev: number; percent: number }>(`SELECT state, rev, percent FROM linkage_task_unit WHERE node_id = $1 AND task_id = $2 AND recipient_id = $3`, [CITY, taskId, recipientId]))[0];

  it('keeps a unit cancelled when a receipt sent before the cancel arrives after it, and takes the recipient’s own cancel', async () => {
    const taskId = await issueToCity();
    await cancel(taskId);
    await reports(taskId, report('130102', 1, 'received'));
    expect(await unit(taskId, '130102')).toEqual({ state: 'cancelled', rev: 0, percent: 0 });
    await reports(taskId, report('130102', 2, 'cancelled'));
    expect(await unit(taskId, '130102')).toEqual({ state: 'cancelled', rev: 2, percent: 0 });
  });

  it('takes a completion the recipient made before the cancel reached it, and nothing after it', async () => {
    const taskId = await issueToCity();
    await cancel(taskId);
    await reports(taskId, report('130104', 4, 'completed', 100));
    expect(await unit(taskId, '130104')).toEqual({ state: 'completed', rev: 4, percent: 100 });
    await reports(taskId, report('130104', 5, 'in_progress', 50));
    expect(await unit(taskId, '130104')).toEqual({ state: 'completed', rev: 4, percent: 100 });
  });

  it('ignores a report older than what it holds, and applies the newest of several in one run', async () => {
    const taskId = await issueToCity();
    await reports(taskId, report('130102', 3, 'in_progress', 30), report('130104', 2, 'accepted'));
    await reports(taskId, report('130102', 2, 'accepted'));
    expect(await unit(taskId, '130102')).toEqual({ state: 'in_progress', rev: 3, percent: 30 });
    expect(await unit(taskId, '130104')).toEqual({ state: 'accepted', rev: 2, percent: 0 });
  });

  it('settles the roll-ups at the end of a run to a recount of the units, and sends the changed reports up once', async () => {
    const taskId = await issueToCity();
    await reports(taskId, report('130102', 5, 'in_progress', 40), report('130104', 5, 'completed', 100));
    const units = await host.sql<{ taskId: string; recipientId: string; state: never; percent: number; deadline: Date; subtree: null; viaChild: string }>(
      `SELECT task_id AS "taskId", recipient_id AS "recipientId", state, percent, deadline, subtree, via_child AS "viaChild" FROM linkage_task_unit WHERE node_id = $1 AND task_id = $2 ORDER BY recipient_id`,
      [CITY, taskId],
    );
    const [task] = await host.sql<{ summary: unknown }>(`SELECT summary FROM linkage_task WHERE node_id = $1 AND task_id = $2`, [CITY, taskId]);
    expect(task.summary).toEqual(JSON.parse(JSON.stringify(summarise(units))));
    const children = await host.sql<{ child_id: string; summary: unknown; child_state: string }>(`SELECT child_id, summary, child_state FROM linkage_task_child WHERE node_id = $1 AND task_id = $2 ORDER BY child_id`, [CITY, taskId]);
    expect(children.map((row) => [row.child_id, row.child_state])).toEqual([['130102', 'in_progress'], ['130104', 'completed']]);
    for (const row of children) expect(row.summary).toEqual(JSON.parse(JSON.stringify(summarise(units.filter((u) => u.viaChild === row.child_id)))));
    // Both counties' reports go up together, in one message after the run.
    const last = await host.sql<{ reports: Array<{ recipientId: string; rev: number }> }>(
      `SELECT envelope->'payload'->'reports' AS reports FROM federation_outbox WHERE from_node = $1 AND type = $2 AND envelope->'payload'->>'taskId' = $3 ORDER BY channel_seq DESC LIMIT 1`,
      [CITY, MessageType.LinkageTaskProgress, taskId],
    );
    expect(last[0].reports.map(({ recipientId, rev }) => [recipientId, rev])).toEqual([['130102', 5], ['130104', 5]]);
  });

  it('writes only messages that keep their contracts: what the ledger produced, its receivers accept', async () => {
    const written = await host.sql<{ envelope: { type: string; payload: unknown } }>(`SELECT envelope FROM federation_outbox`);
    expect(written.length).toBeGreaterThan(0);
    for (const { envelope } of written) {
      const checked = contractOf(envelope.type)!.payload.safeParse(envelope.payload);
      expect({ type: envelope.type, issues: checked.success ? [] : checked.error.issues }).toEqual({ type: envelope.type, issues: [] });
    }
  });
});
