import { StatusEvents } from '@app/domain/common/status-events';
import { DeadlineStatusHandler } from '@app/domain/deadlines/deadline-status.handler';
import { DeadlineTracker } from '@app/domain/deadlines/deadline-tracker.service';
import { DeadlineKind } from '@app/domain/deadlines/deadline.enums';
import { DeadlineService } from '@app/domain/deadlines/deadline.service';
import { DispatchRecords } from '@app/domain/dispatch/dispatch-records';
import { DispatchQueries } from '@app/domain/dispatch/dispatch.queries';
import { DispatchService } from '@app/domain/dispatch/dispatch.service';
import { Dispatch1796620637632 } from '@app/domain/migrations/1796620637632-dispatch';
import { NoticeAcknowledgedHandler, NoticeIssuedHandler } from '@app/domain/notice/notice.handlers';
import { NoticeService } from '@app/domain/notice/notice.service';
import { NoticeCategory } from '@app/domain/notice/notice.enums';
import { SpecialCheckNotifiedHandler, SpecialCheckStepHandler } from '@app/domain/special-check/special-check.handlers';
import { SpecialCheckService } from '@app/domain/special-check/special-check.service';
import { ReviewVerdict } from '@app/domain/special-check/special-check.enums';
import { SupervisionTeamDispatchedHandler, SupervisionTeamStepHandler } from '@app/domain/supervision-team/supervision-team.handlers';
import { SupervisionTeamService } from '@app/domain/supervision-team/supervision-team.service';
import { SPECIAL_CHECK } from '@app/domain/special-check/special-check.flow';
import { FederationTransactions, InvalidPayloadError, MessageHandler, MessageType } from '@app/federation';
import { randomUUID } from 'node:crypto';
import { MediumHost } from './utils/medium';

const CITY = '130100';
const COUNTY = '130102';
const OTHER = '130104';
const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);

/**
 * The dispatch engine at one host (a city and its counties): each flow's rules table taken through
 * the real service and handlers — the steps it allows and those it refuses — and the SQL under
 * them: copies and targets recorded in batches, a relaying level's history, the obligations steps
 * put on a target, the reads, and the migration that moved the three flows' old tables.
 */
describe('dispatch engine (medium): three rules tables and their SQL', () => {
  let host: MediumHost;
  let queries: DispatchQueries;
  let teams: SupervisionTeamService;
  let checks: SpecialCheckService;
  let notices: NoticeService;
  let handlers: Map<string, MessageHandler>;
  let tracker: DeadlineTracker;

  beforeAll(async () => {
    host = await MediumHost.start('local-130000');
    tracker = new DeadlineTracker(host.registry);
    const records = new DispatchRecords(new StatusEvents(host.dataSource), tracker);
    // A mutation's unit of work, as FederationTransactions runs it, without waking a relay.
    const transactions = { run: (work) => host.run(work) } as FederationTransactions;
    const dispatches = new DispatchService(transactions, host.registry, records);
    queries = new DispatchQueries(host.dataSource, host.registry, new DeadlineService(host.dataSource, host.host));
    teams = new SupervisionTeamService(dispatches, host.registry);
    checks = new SpecialCheckService(dispatches, host.registry);
    notices = new NoticeService(dispatches, host.registry);
    handlers = new Map<string, MessageHandler>([
      [MessageType.SupervisionTeamDispatched, new SupervisionTeamDispatchedHandler(records)],
      [MessageType.SupervisionTeamStep, new SupervisionTeamStepHandler(records)],
      [MessageType.SpecialCheckNotified, new SpecialCheckNotifiedHandler(records)],
      [MessageType.SpecialCheckStep, new SpecialCheckStepHandler(records)],
      [MessageType.NoticeIssued, new NoticeIssuedHandler(records)],
      [MessageType.NoticeAcknowledged, new NoticeAcknowledgedHandler(records)],
      [MessageType.DeadlineStatus, new DeadlineStatusHandler(tracker)],
    ]);
  });

  afterAll(async () => {
    await host?.close();
  });

  let delivered = 0;
  /** Applies at their destinations, in order, every flow message the host has sent since the last call. */
  async function deliverSent(): Promise<number> {
    const rows = await host.sql<{ position: string; type: string; from_node: string; to_node: string; payload: unknown }>(
      `SELECT position, type, from_node, to_node, envelope->'payload' AS payload FROM federation_outbox WHERE position > $1 AND type <> 'deadline.status' ORDER BY position`,
      [delivered],
    );
    for (const row of rows) {
      await host.deliver((contexts) => handlers.get(row.type)!.apply(contexts as never), [{ from: row.from_node, to: row.to_node, type: row.type, payload: row.payload }]);
    }
    const [{ last }] = await host.sql<{ last: string }>(`SELECT coalesce(max(position), 0) AS last FROM federation_outbox`);
    delivered = Number(last);
    return rows.length;
  }

  /** Records at the city, on their way to central, the obligations its counties have reported since `after`. */
  async function copyDeadlinesAtCity(after: number): Promise<void> {
    const rows = await host.sql<{ from_node: string; origin: string; destination: string; payload: unknown }>(
      `SELECT from_node, origin, destination, envelope->'payload' AS payload FROM federation_outbox WHERE position > $1 AND type = 'deadline.status' AND to_node = $2 ORDER BY position`,
      [after, CITY],
    );
    const handler = handlers.get(MessageType.DeadlineStatus)!;
    for (const row of rows) await host.deliver((contexts) => handler.relay!(contexts as never), [{ ...row, from: row.from_node, to: CITY, type: MessageType.DeadlineStatus }]);
  }

  const stateOf = async (nodeId: string, id: string, targetId: string) =>
    (await host.sql<{ state: string }>(`SELECT state FROM dispatch_target WHERE node_id = $1 AND dispatch_id = $2 AND target_id = $3`, [nodeId, id, targetId]))[0]?.state;
  const deadlinesOf = (owner: string, recordId: string) =>
    host.sql<{ kind: string; status: string; supervising_node_id: string; subject_id: string }>(
      `SELECT kind, status, supervising_node_id, subject_id FROM tracked_deadline WHERE node_id = $1 AND owner_node_id = $1 AND record_id = $2 ORDER BY kind, updated_at`,
      [owner, recordId],
    );

  describe('supervision teams: visited node acknowledges, provides materials, answers requirements', () => {
    let teamId: string;
    const team = { nodeId: CITY, name: '市委第一指导督导组', purpose: '督导巡察整改', members: [{ name: '王五', title: '组长' }], visitStart: inDays(1), visitEnd: inDays(10) };

    it('records the dispatch at the city and at each visited county on arrival', async () => {
      teamId = (await teams.dispatch({ ...team, targets: [OTHER, COUNTY] })).id;
      expect(await deliverSent()).toBe(2);
      const copies = await host.sql(`SELECT node_id, role FROM dispatch WHERE id = $1 ORDER BY node_id`, [teamId]);
      expect(copies).toEqual([
        { node_id: CITY, role: 'issuer' },
        { node_id: COUNTY, role: 'target' },
        { node_id: OTHER, role: 'target' },
      ]);
      expect(await stateOf(COUNTY, teamId, COUNTY)).toBe('dispatched');
    });

    it('refuses steps out of order or from the wrong side, and allows them in order', async () => {
      const materials = { nodeId: COUNTY, teamId, materials: [{ title: '巡察工作台账', description: '' }] };
      const require = (targetId: string) => ({ nodeId: CITY, teamId, targetId, findings: '整改不到位', requirements: '限期整改', dueDate: inDays(20) });
      await expect(teams.provideMaterials(materials)).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
      await expect(teams.requireRectification(require(COUNTY))).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
      await expect(teams.acknowledge({ nodeId: CITY, teamId })).rejects.toMatchObject({ code: 'NOT_VISITED_NODE' });
      await expect(teams.requireRectification({ ...require(COUNTY), nodeId: COUNTY })).rejects.toMatchObject({ code: 'NOT_TEAM_DISPATCHER' });

      await teams.acknowledge({ nodeId: COUNTY, teamId });
      await expect(teams.acknowledge({ nodeId: COUNTY, teamId })).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
      await teams.provideMaterials(materials);
      await teams.provideMaterials(materials);
      await expect(teams.respond({ nodeId: COUNTY, teamId, response: '已整改' })).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
      await deliverSent();
      expect(await stateOf(CITY, teamId, COUNTY)).toBe('materials_provided');

      await teams.requireRectification(require(COUNTY));
      await deliverSent();
      await teams.respond({ nodeId: COUNTY, teamId, response: '已整改' });
      await deliverSent();
      // Asked again after a response: a second requirement, a second obligation.
      await teams.requireRectification(require(COUNTY));
      await deliverSent();
      const steps = (await queries.targets(CITY, teamId, { steps: true })).find((t) => t.targetId === COUNTY)!.steps;
      expect(steps.map((s) => [s.kind, s.byNode])).toEqual([
        ['acknowledged', COUNTY],
        ['materials_provided', COUNTY],
        ['materials_provided', COUNTY],
        ['rectification_required', CITY],
        ['rectification_responded', COUNTY],
        ['rectification_required', CITY],
      ]);
      const owed = await deadlinesOf(COUNTY, teamId);
      expect(owed.map((d) => [d.kind, d.status, d.supervising_node_id])).toEqual([
        ['supervision_team_rectification', 'met', CITY],
        ['supervision_team_rectification', 'open', CITY],
      ]);
      expect(owed.map((d) => d.subject_id)).toEqual(steps.filter((s) => s.kind === 'rectification_required').map((s) => s.stepId));
    });

    it('withdraws the team from every visit, cancelling what was owed, and refuses anything after', async () => {
      await teams.withdraw({ nodeId: CITY, teamId, reason: '工作调整' });
      await deliverSent();
      for (const nodeId of [CITY, COUNTY]) expect(await stateOf(nodeId, teamId, COUNTY)).toBe('withdrawn');
      expect(await stateOf(OTHER, teamId, OTHER)).toBe('withdrawn');
      expect((await deadlinesOf(COUNTY, teamId)).map((d) => d.status)).toEqual(['met', 'cancelled']);
      await expect(teams.respond({ nodeId: COUNTY, teamId, response: 'x' })).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
      await expect(teams.withdraw({ nodeId: CITY, teamId, reason: '再次撤回' })).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
    });
  });

  describe('special checks: self-check, requirements, reports reviewed until accepted', () => {
    let checkId: string;
    const review = (verdict: ReviewVerdict, reasons?: string) => ({ nodeId: CITY, checkId, targetId: COUNTY, verdict, reasons });
    const report = () => ({ nodeId: COUNTY, checkId, report: '报告' });

    it('owes the self-check report from the notice’s arrival, to the checker, each checked node its own', async () => {
      checkId = (await checks.notify({ nodeId: CITY, title: '选人用人专项检查', subject: '选人用人', requirements: '自查', scope: { nodeIds: [COUNTY, OTHER] }, dueDate: inDays(15) })).id;
      const before = delivered;
      await deliverSent();
      expect((await deadlinesOf(COUNTY, checkId)).map((d) => [d.kind, d.status, d.supervising_node_id])).toEqual([['special_check_self_check', 'open', CITY]]);
      await copyDeadlinesAtCity(before);
      const copies = await host.sql(`SELECT owner_node_id, kind, status FROM tracked_deadline WHERE node_id = $1 AND record_id = $2 ORDER BY owner_node_id`, [CITY, checkId]);
      expect(copies).toEqual([
        { owner_node_id: COUNTY, kind: 'special_check_self_check', status: 'open' },
        { owner_node_id: OTHER, kind: 'special_check_self_check', status: 'open' },
      ]);
      const [{ title }] = await host.sql<{ title: string }>(`SELECT title FROM tracked_deadline WHERE node_id = $1 AND record_id = $2`, [COUNTY, checkId]);
      expect(title).toBe('选人用人专项检查：专项检查自查情况报告');
    });

    it('takes each step only from the states its rule allows', async () => {
      const require = { nodeId: CITY, checkId, targetId: COUNTY, findings: '程序不规范', requirements: '整改', dueDate: inDays(30) };
      await expect(checks.requireRectification(require)).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
      await expect(checks.reportRectification(report())).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
      await expect(checks.reportSelfCheck({ ...report(), nodeId: CITY })).rejects.toMatchObject({ code: 'NOT_CHECKED_NODE' });
      await checks.reportSelfCheck(report());
      await deliverSent();
      await expect(checks.review(review(ReviewVerdict.Accepted))).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
      await checks.requireRectification(require);
      await deliverSent();
      await checks.reportRectification(report());
      await deliverSent();
      await expect(checks.review(review(ReviewVerdict.Returned))).rejects.toMatchObject({ code: 'REASONS_REQUIRED' });
      await checks.review(review(ReviewVerdict.Returned, '未见成效'));
      await deliverSent();
      expect(await stateOf(COUNTY, checkId, COUNTY)).toBe('returned');
      await checks.reportRectification(report());
      await deliverSent();
      await checks.review(review(ReviewVerdict.Accepted));
      await deliverSent();
      expect(await stateOf(COUNTY, checkId, COUNTY)).toBe('accepted');
      await expect(checks.reportRectification(report())).rejects.toMatchObject({ code: 'ILLEGAL_STEP' });
      expect((await deadlinesOf(COUNTY, checkId)).map((d) => [d.kind, d.status])).toEqual([
        ['special_check_rectification', 'met'],
        ['special_check_self_check', 'met'],
      ]);
    });

    it('withdraws only the checked nodes not yet accepted', async () => {
      await checks.withdraw({ nodeId: CITY, checkId, reason: '并入年度检查' });
      await deliverSent();
      expect(await stateOf(CITY, checkId, COUNTY)).toBe('accepted');
      expect(await stateOf(CITY, checkId, OTHER)).toBe('withdrawn');
      expect((await deadlinesOf(OTHER, checkId)).map((d) => [d.kind, d.status])).toEqual([['special_check_self_check', 'cancelled']]);
    });
  });

  describe('notices: a recipient reads once', () => {
    it('sends one receipt however often the recipient reads, and refuses readers that are not recipients', async () => {
      const noticeId = (await notices.issue({ nodeId: CITY, title: '通报', body: '问题', category: NoticeCategory.Common, scope: { wholeSubtree: true } })).id;
      await deliverSent();
      await notices.acknowledge({ nodeId: COUNTY, noticeId });
      await notices.acknowledge({ nodeId: COUNTY, noticeId });
      expect(await deliverSent()).toBe(1);
      await expect(notices.acknowledge({ nodeId: CITY, noticeId })).rejects.toMatchObject({ code: 'NOT_NOTICE_RECIPIENT' });
      await expect(notices.acknowledge({ nodeId: COUNTY, noticeId: randomUUID() })).rejects.toMatchObject({ code: 'NOTICE_NOT_FOUND' });
      const tally = await queries.tally(CITY, noticeId);
      expect(tally).toMatchObject({ total: 2, byState: { read: 1, delivered: 1 }, own: null });
      // The receipt's step has one id at both ends, though the receipt carries none.
      const ids = await host.sql<{ node_id: string; step_id: string }>(`SELECT node_id, step_id FROM dispatch_step WHERE dispatch_id = $1 ORDER BY node_id`, [noticeId]);
      expect(ids.map((row) => row.node_id)).toEqual([CITY, COUNTY]);
      expect(ids[0].step_id).toBe(ids[1].step_id);
    });
  });

  describe('the SQL under the flows', () => {
    it('records a whole run of copies in one go: duplicates once, a relaying level that is also a target becomes a target', async () => {
      const handler = handlers.get(MessageType.NoticeIssued)!;
      const payload = { noticeId: randomUUID(), issuerId: '130000', title: '省级通报', body: '正文', category: 'tendency' as const, issuedAt: new Date().toISOString() };
      const via = (to: string, destination: string) => ({ from: '130000', to, origin: '130000', destination, type: MessageType.NoticeIssued, payload });
      await host.deliver((contexts) => handler.relay!(contexts as never), [via(CITY, COUNTY), via('130200', '130202')]);
      await host.deliver((contexts) => handler.relay!(contexts as never), [via(CITY, OTHER)]);
      await host.deliver((contexts) => handler.apply(contexts as never), [via(CITY, CITY)]);
      await host.deliver((contexts) => handler.relay!(contexts as never), [via(CITY, COUNTY)]);
      const copies = await host.sql(`SELECT node_id, role FROM dispatch WHERE id = $1 ORDER BY node_id`, [payload.noticeId]);
      expect(copies).toEqual([
        { node_id: CITY, role: 'target' },
        { node_id: '130200', role: 'relay' },
      ]);
      expect((await queries.targets(CITY, payload.noticeId)).map((t) => [t.targetId, t.targetName, t.state])).toEqual([
        [CITY, '石家庄市', 'delivered'],
        [COUNTY, '长安区', 'delivered'],
        [OTHER, '桥西区', 'delivered'],
      ]);
      const page = await queries.list(SPECIAL_CHECK, CITY, {}, { first: 20 });
      expect(page.items.map((item) => item.id)).not.toContain(payload.noticeId);
    });

    it('keeps a step crossing another in a relaying level’s history without moving its state, and refuses a forged one', async () => {
      const handler = handlers.get(MessageType.SpecialCheckStep)!;
      const notified = handlers.get(MessageType.SpecialCheckNotified)!;
      const checkId = randomUUID();
      const dueDate = inDays(10).toISOString();
      const payload = { checkId, issuerId: '130000', title: '省级专项检查', subject: '巡察质量', requirements: '自查', dueDate, notifiedAt: new Date().toISOString() };
      await host.deliver((contexts) => notified.relay!(contexts as never), [{ from: '130000', to: CITY, origin: '130000', destination: COUNTY, type: MessageType.SpecialCheckNotified, payload }]);
      const step = (kind: 'reviewed' | 'self_check_reported', origin: string) => ({
        from: origin === '130000' ? '130000' : COUNTY,
        to: CITY,
        origin,
        destination: origin === '130000' ? COUNTY : '130000',
        type: MessageType.SpecialCheckStep,
        payload: { checkId, targetId: COUNTY, stepId: randomUUID(), at: new Date().toISOString(), step: kind === 'reviewed' ? { kind, verdict: 'accepted' as const, reasons: '' } : { kind, report: '自查' } },
      });
      // A review the province sent before the county's report reached the city: kept, state unmoved.
      await host.deliver((contexts) => handler.relay!(contexts as never), [step('reviewed', '130000')]);
      expect(await stateOf(CITY, checkId, COUNTY)).toBe('notified');
      await host.deliver((contexts) => handler.relay!(contexts as never), [step('self_check_reported', COUNTY)]);
      expect(await stateOf(CITY, checkId, COUNTY)).toBe('self_checked');
      const kinds = (await queries.targets(CITY, checkId, { steps: true }))[0].steps.map((s) => [s.kind, s.byNode]);
      expect(kinds).toEqual([
        ['reviewed', '130000'],
        ['self_check_reported', COUNTY],
      ]);
      // Only the checker reviews; a county claiming to is refused, nothing recorded.
      await expect(host.deliver((contexts) => handler.relay!(contexts as never), [{ ...step('reviewed', '130000'), origin: OTHER }])).rejects.toBeInstanceOf(InvalidPayloadError);
      await expect(host.deliver((contexts) => handler.relay!(contexts as never), [{ ...step('self_check_reported', COUNTY), payload: { ...step('self_check_reported', COUNTY).payload, checkId: randomUUID() } }])).rejects.toBeInstanceOf(InvalidPayloadError);
      expect((await queries.targets(CITY, checkId, { steps: true }))[0].steps).toHaveLength(2);
      // A relaying level owes nothing: obligations live with the target.
      expect(await host.sql(`SELECT 1 FROM tracked_deadline WHERE record_id = $1`, [checkId])).toEqual([]);
    });

    it('lists newest first by role and by a target’s state, a page at a time', async () => {
      const ids: string[] = [];
      for (const title of ['甲', '乙', '丙']) ids.push((await checks.notify({ nodeId: CITY, title, subject: '主题', requirements: '要求', scope: { nodeIds: [COUNTY] }, dueDate: inDays(5) })).id);
      await deliverSent();
      await checks.reportSelfCheck({ nodeId: COUNTY, checkId: ids[1], report: '自查' });
      const first = await queries.list(SPECIAL_CHECK, CITY, { role: 'issuer' }, { first: 2 });
      expect(first.items.map((item) => item.title)).toEqual(['丙', '乙']);
      const next = await queries.list(SPECIAL_CHECK, CITY, { role: 'issuer' }, { first: 2, after: first.nextCursor! });
      expect(next.items[0].title).toBe('甲');
      const own = await queries.list(SPECIAL_CHECK, COUNTY, { ownState: 'self_checked' }, { first: 20 });
      expect(own.items.map((item) => item.id)).toEqual([ids[1]]);
      const relayed = await queries.list(SPECIAL_CHECK, CITY, { role: 'relay', targetState: 'self_checked' }, { first: 20 });
      expect(relayed.items.map((item) => item.title)).toEqual(['省级专项检查']);
      expect((await queries.get(SPECIAL_CHECK, CITY, ids[0])).issuerName).toBe('石家庄市');
      await expect(queries.get(SPECIAL_CHECK, CITY, randomUUID())).rejects.toMatchObject({ code: 'CHECK_NOT_FOUND' });
    });
  });

  it('keeps the flows’ obligations out of the rectification figures, by the triggers and by a rebuild alike', async () => {
    const figures = () =>
      host.sql<{ holder: string; key: string; value: number }>(
        `SELECT holder_node_id AS holder, key, value::int AS value FROM analytics_figure WHERE kind = 'rectification' AND value <> 0 ORDER BY 1, 2`,
      );
    const owed = await host.sql<{ n: number }>(`SELECT count(*)::int AS n FROM tracked_deadline WHERE kind LIKE 'special_check%' OR kind LIKE 'supervision_team%'`);
    expect(owed[0].n).toBeGreaterThan(0);
    expect(await figures()).toEqual([]);
    // A rectification's own obligation still counts.
    await host.run((tx) => tracker.track(tx, COUNTY, { kind: DeadlineKind.ProgressReport, recordId: randomUUID(), subjectId: randomUUID(), title: '集中整改进展情况报告', dueOn: '2099-01-01' }));
    const incremental = await figures();
    expect(incremental).toEqual(expect.arrayContaining([{ holder: COUNTY, key: 'open', value: 1 }]));
    for (const nodeId of [CITY, COUNTY, OTHER]) await host.sql(`SELECT analytics_rebuild($1)`, [nodeId]);
    expect(await figures()).toEqual(incremental);
  });

  it('moves the three flows’ old tables into the new ones, and back', async () => {
    const migration = new Dispatch1796620637632();
    const runner = host.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const teamId = randomUUID();
      const checkId = randomUUID();
      const noticeId = randomUUID();
      await runner.query(
        `INSERT INTO supervision_team VALUES ($1, $2, 'dispatcher', $1, '旧督导组', '目的', '[{"name":"甲","title":"组长"}]', '2025-03-01T00:00:00Z', '2025-03-10T00:00:00Z', '2025-02-20T08:00:00Z')`,
        [CITY, teamId],
      );
      await runner.query(`INSERT INTO supervision_team_target VALUES ($1, $2, $3, 'acknowledged', '2025-02-21T00:00:00Z')`, [CITY, teamId, COUNTY]);
      await runner.query(`INSERT INTO supervision_team_step VALUES ($1, $2, $3, $4, 'acknowledged', $4, '{"kind":"acknowledged","note":null}', '2025-02-21T00:00:00Z')`, [CITY, randomUUID(), teamId, COUNTY]);
      await runner.query(`INSERT INTO special_check VALUES ($1, $2, 'checked', '130000', '旧检查', '选人用人', '要求', '2025-04-01T00:00:00Z', '2025-03-01T00:00:00Z')`, [COUNTY, checkId]);
      await runner.query(`INSERT INTO special_check_target VALUES ($1, $2, $1, 'notified', '2025-03-01T00:00:00Z')`, [COUNTY, checkId]);
      await runner.query(`INSERT INTO notice VALUES ($1, $2, 'issuer', $1, '旧通报', '正文', 'common', '2025-01-01T00:00:00Z')`, [CITY, noticeId]);
      await runner.query(`INSERT INTO notice_recipient VALUES ($1, $2, $3, '2025-01-02T00:00:00Z'), ($1, $2, $4, NULL)`, [CITY, noticeId, COUNTY, OTHER]);
      await migration.up(runner);

      await expect(queries.get(SPECIAL_CHECK, CITY, teamId)).rejects.toMatchObject({ code: 'CHECK_NOT_FOUND' });
      const [moved] = await host.sql<{ role: string; title: string; content: Record<string, unknown> }>(`SELECT role, title, content FROM dispatch WHERE node_id = $1 AND id = $2 AND flow = 'supervision_team'`, [CITY, teamId]);
      expect(moved).toEqual({
        role: 'issuer',
        title: '旧督导组',
        content: { purpose: '目的', members: [{ name: '甲', title: '组长' }], visitStart: '2025-03-01T00:00:00.000Z', visitEnd: '2025-03-10T00:00:00.000Z' },
      });
      expect((await queries.targets(CITY, teamId, { steps: true }))[0]).toMatchObject({ state: 'acknowledged', steps: [{ kind: 'acknowledged', byNode: COUNTY }] });
      expect(await queries.get(SPECIAL_CHECK, COUNTY, checkId)).toMatchObject({ role: 'target', issuerId: '130000', content: { subject: '选人用人', dueDate: '2025-04-01T00:00:00.000Z' } });
      expect(await queries.tally(CITY, noticeId)).toMatchObject({ total: 2, byState: { read: 1, delivered: 1 } });
      const receipts = await queries.targets(CITY, noticeId, { steps: true });
      expect(receipts.map((r) => [r.targetId, r.state, r.updatedAt.toISOString(), r.steps.length])).toEqual([
        [COUNTY, 'read', '2025-01-02T00:00:00.000Z', 1],
        [OTHER, 'delivered', '2025-01-01T00:00:00.000Z', 0],
      ]);
    } finally {
      await runner.release();
    }
  });
});
