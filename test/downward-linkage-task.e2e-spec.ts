import { Role } from '@app/federation/auth/caller';
import { createClient } from 'graphql-ws';
import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';

// ws ships no type declarations; graphql-ws only needs the constructor.
const { WebSocket } = require('ws') as { WebSocket: unknown };

const DAY = 24 * 3600 * 1000;
const TASK_FIELDS = `id nodeId role version title requirements inheritedRequirements focusPoints deadline cancelledAt cancelReason
  rollup { units percentComplete counts { issued received accepted inProgress overdue completed cancelled } overdue { nodeId taskId } }
  myStatus { state percent report }
  recipients { recipientId state percent viaChildId }
  children { childId childState rollup { units percentComplete counts { completed inProgress accepted received } } }
  versions { version title deadline note }`;
const ISSUE = `mutation($input: IssueLinkageTaskInput!) { issueLinkageTask(input: $input) { ${TASK_FIELDS} } }`;
const DECOMPOSE = `mutation($input: DecomposeLinkageTaskInput!) { decomposeLinkageTask(input: $input) { ${TASK_FIELDS} } }`;
const AMEND = `mutation($input: AmendLinkageTaskInput!) { amendLinkageTask(input: $input) { ${TASK_FIELDS} } }`;
const CANCEL = `mutation($input: CancelLinkageTaskInput!) { cancelLinkageTask(input: $input) { ${TASK_FIELDS} } }`;
const ACCEPT = `mutation($input: AcceptLinkageTaskInput!) { acceptLinkageTask(input: $input) { id myStatus { state } } }`;
const PROGRESS = `mutation($input: ReportLinkageTaskProgressInput!) { reportLinkageTaskProgress(input: $input) { id myStatus { state percent } } }`;
const COMPLETE = `mutation($input: CompleteLinkageTaskInput!) { completeLinkageTask(input: $input) { id myStatus { state percent report } } }`;
const TASK = `query($nodeId: ID!, $id: ID!) { linkageTask(nodeId: $nodeId, id: $id) { ${TASK_FIELDS} assignments { id title deadline } } }`;

interface Task {
  id: string;
  nodeId: string;
  role: string;
  version: number;
  title: string;
  requirements: string;
  inheritedRequirements: string | null;
  focusPoints: string[];
  deadline: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  rollup: { units: number; percentComplete: number; counts: Record<string, number>; overdue: Array<{ nodeId: string; taskId: string }> };
  myStatus: { state: string; percent: number; report: string | null } | null;
  recipients: Array<{ recipientId: string; state: string; percent: number; viaChildId: string }>;
  children: Array<{ childId: string; childState: string | null; rollup: { units: number; percentComplete: number; counts: Record<string, number> } }>;
  versions: Array<{ version: number; title: string; deadline: string; note: string | null }>;
  assignments: Array<{ id: string; title: string; deadline: string }>;
}

describe('downward flows: linkage tasks issued, relayed, decomposed and tracked across four tiers', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ env: { LINKAGE_TASK_SWEEP_INTERVAL_MS: '300' } });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function ok<T = Record<string, unknown>>(nodeId: string, query: string, variables?: Record<string, unknown>, roles?: Role[]): Promise<T> {
    const res = await federation.gql(nodeId, query, variables, roles);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  async function refused(nodeId: string, query: string, variables?: Record<string, unknown>, roles?: Role[]) {
    const res = await federation.gql(nodeId, query, variables, roles);
    expect(res.body.errors).toBeDefined();
    return { ...res.body.errors[0].extensions, message: res.body.errors[0].message };
  }

  /** The class-validator messages of an input refused by the global ValidationPipe. */
  function invalidInput(refusal: Record<string, unknown>): string[] {
    expect(refusal.code).toBe('BAD_USER_INPUT');
    return refusal.reasons as string[];
  }

  const task = async (nodeId: string, id: string) => (await ok<{ linkageTask: Task }>(nodeId, TASK, { nodeId, id })).linkageTask;
  const issue = async (input: Record<string, unknown>) => (await ok<{ issueLinkageTask: Task }>(String(input.nodeId), ISSUE, { input })).issueLinkageTask;
  const act = (mutation: string, nodeId: string, input: Record<string, unknown>) => ok(nodeId, mutation, { input: { nodeId, ...input } });

  function taskInput(overrides: Record<string, unknown> = {}) {
    const now = Date.now();
    return {
      nodeId: '000000',
      kind: 'Regular',
      linkageType: 'Regional',
      title: '2025年第一轮区域性联动巡视',
      requirements: '聚焦“两个维护”，统筹省市县三级巡视巡察力量。',
      focusPoints: ['选人用人', '作风建设'],
      scope: { nodeIds: ['130000'] },
      startAt: new Date(now).toISOString(),
      deadline: new Date(now + 60 * DAY).toISOString(),
      ...overrides,
    };
  }

  async function taskRows(hostId: string): Promise<number> {
    const [{ n }] = await federation.sql<{ n: number }>(hostId, `SELECT count(*)::int AS n FROM linkage_task`);
    return n;
  }

  it('refuses invalid or unauthorised tasks with a clear error and changes nothing', async () => {
    const before = { central: await taskRows('central'), province: await taskRows('prov-130000'), local: await taskRows('local-130000') };
    const now = Date.now();

    expect(invalidInput(await refused('000000', ISSUE, { input: taskInput({ title: '   ' }) }))).toContain('title must not be empty');
    expect(invalidInput(await refused('000000', ISSUE, { input: taskInput({ requirements: 'x'.repeat(5001) }) }))).toContain(
      'requirements must be shorter than or equal to 5000 characters',
    );
    expect(
      await refused('000000', ISSUE, { input: taskInput({ startAt: new Date(now + 2 * DAY).toISOString(), deadline: new Date(now + DAY).toISOString() }) }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_WINDOW' });
    expect(await refused('000000', ISSUE, { input: taskInput({ scope: { nodeIds: ['999999'] } }) })).toMatchObject({ reason: 'UNKNOWN_NODE' });
    expect(await refused('130000', ISSUE, { input: taskInput({ nodeId: '130000', scope: { nodeIds: ['330102'] } }) })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'OUTSIDE_SUBTREE',
    });
    expect(await refused('130000', ISSUE, { input: taskInput({ nodeId: '130000', scope: { tier: 'County', under: '330000' } }) })).toMatchObject({
      reason: 'OUTSIDE_SUBTREE',
    });
    expect(await refused('130000', ISSUE, { input: taskInput({ nodeId: '130000', scope: { nodeIds: ['130102'], tier: 'County' } }) })).toMatchObject({
      reason: 'SCOPE_AMBIGUOUS',
    });
    expect(await refused('130102', ISSUE, { input: taskInput({ nodeId: '130102', scope: { wholeSubtree: true } }) })).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'CANNOT_ISSUE',
    });
    expect(await refused('000000', ISSUE, { input: taskInput() }, [Role.Analyst])).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' });
    expect(await refused('000000', ISSUE, { input: taskInput({ nodeId: '130000' }) })).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ACTING_NODE' });

    expect({ central: await taskRows('central'), province: await taskRows('prov-130000'), local: await taskRows('local-130000') }).toEqual(before);
    const [{ n }] = await federation.sql<{ n: number }>('central', `SELECT count(*)::int AS n FROM federation_outbox WHERE type LIKE 'linkage_task.%'`);
    expect(n).toBe(0);
  });

  let rootTaskId: string;
  let assignmentId: string;

  it('delivers a central task to the province, which decomposes it into county assignments relayed through its cities', async () => {
    const issued = await issue(taskInput());
    rootTaskId = issued.id;
    expect(issued).toMatchObject({ role: 'Issuer', version: 1, rollup: { units: 1, counts: { issued: 1 } } });
    await federation.waitIdle();

    let atProvince = await task('130000', rootTaskId);
    expect(atProvince).toMatchObject({ role: 'Recipient', myStatus: { state: 'Received' }, title: issued.title });
    expect((await task('000000', rootTaskId)).recipients).toEqual([expect.objectContaining({ recipientId: '130000', state: 'Received' })]);

    const decompose = (overrides: Record<string, unknown> = {}) => ({
      nodeId: '130000',
      taskId: rootTaskId,
      addedRequirements: '各县（市、区）同步开展巡察，重点关注基层“微腐败”。',
      addedFocusPoints: ['基层治理', '作风建设'],
      scope: { tier: 'County' },
      deadline: new Date(Date.now() + 45 * DAY).toISOString(),
      ...overrides,
    });
    // Not before the province has accepted, and never beyond the central deadline.
    expect(await refused('130000', DECOMPOSE, { input: decompose() })).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    await act(ACCEPT, '130000', { taskId: rootTaskId });
    expect(await refused('130000', DECOMPOSE, { input: decompose({ deadline: new Date(Date.now() + 61 * DAY).toISOString() }) })).toMatchObject({
      reason: 'OUTSIDE_PARENT_WINDOW',
    });

    const assignment = (await ok<{ decomposeLinkageTask: Task }>('130000', DECOMPOSE, { input: decompose() })).decomposeLinkageTask;
    assignmentId = assignment.id;
    expect(assignment).toMatchObject({ role: 'Issuer', inheritedRequirements: issued.requirements, focusPoints: ['选人用人', '作风建设', '基层治理'] });
    expect(assignment.recipients.map((r) => r.recipientId)).toEqual(['130102', '130104', '130202', '130203']);
    await federation.waitIdle();

    // The city on the way recorded the assignment and sees its counties.
    const atCity = await task('130100', assignmentId);
    expect(atCity).toMatchObject({ role: 'Relay', rollup: { units: 2, counts: { received: 2 } } });
    expect(atCity.recipients.map((r) => [r.recipientId, r.state])).toEqual([
      ['130102', 'Received'],
      ['130104', 'Received'],
    ]);
    const atCounty = await task('130102', assignmentId);
    expect(atCounty).toMatchObject({ role: 'Recipient', myStatus: { state: 'Received' }, inheritedRequirements: issued.requirements });
    atProvince = await task('130000', rootTaskId);
    expect(atProvince.assignments.map((a) => a.id)).toEqual([assignmentId]);
  });

  it('rolls county progress up level by level: per-child status at every level, completion rising at central', async () => {
    const before = (await task('000000', rootTaskId)).rollup;
    expect(before).toMatchObject({ units: 5, percentComplete: 0 });

    for (const county of ['130102', '130104', '130202']) await act(ACCEPT, county, { taskId: assignmentId });
    await act(COMPLETE, '130102', { taskId: assignmentId, report: '巡察完成，发现问题12个，移交线索3条。' });
    await act(PROGRESS, '130104', { taskId: assignmentId, percent: 50, note: '进驻第二周' });
    // A county that already completed cannot report progress again.
    expect(await refused('130102', PROGRESS, { input: { nodeId: '130102', taskId: assignmentId, percent: 10, note: 'x' } })).toMatchObject({
      reason: 'ILLEGAL_TRANSITION',
    });
    await federation.waitIdle();

    const city = await task('130100', assignmentId);
    expect(city.rollup).toMatchObject({ units: 2, percentComplete: 75, counts: { completed: 1, inProgress: 1 } });
    expect(city.children.map((c) => [c.childId, c.childState])).toEqual([
      ['130102', 'Completed'],
      ['130104', 'InProgress'],
    ]);

    const province = await task('130000', assignmentId);
    expect(province.children.map((c) => [c.childId, c.rollup.percentComplete, c.rollup.units])).toEqual([
      ['130100', 75, 2],
      ['130200', 0, 2],
    ]);
    expect(province.rollup).toMatchObject({ units: 4, counts: { completed: 1, inProgress: 1, accepted: 1, received: 1 } });
    expect((await task('130000', rootTaskId)).rollup).toMatchObject({ units: 5, percentComplete: 30 });

    const central = await task('000000', rootTaskId);
    expect(central.rollup).toMatchObject({ units: 5, percentComplete: 30, counts: { completed: 1, inProgress: 1, accepted: 2, received: 1 } });
    expect(central.children).toEqual([expect.objectContaining({ childId: '130000', childState: 'Accepted', rollup: expect.objectContaining({ units: 5, percentComplete: 30 }) })]);

    await act(ACCEPT, '130203', { taskId: assignmentId });
    await act(COMPLETE, '130203', { taskId: assignmentId, report: '已完成' });
    await federation.waitIdle();
    const rising = (await task('000000', rootTaskId)).rollup;
    expect(rising.percentComplete).toBe(50);
    expect(rising.counts.completed).toBe(2);
    // The completion report itself reached the level that issued the assignment.
    const reported = (await task('130000', assignmentId)).recipients.find((r) => r.recipientId === '130102');
    expect(reported).toMatchObject({ state: 'Completed', percent: 100 });
  });

  it('streams status changes of a task to a subscriber of the issuing node over graphql-ws', async () => {
    const central = federation.host('central');
    const client = createClient({
      url: `${central.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${federation.token('000000')}` },
      retryAttempts: 0,
    });
    const events: Array<{ subjectId: string; targetId: string; state: string }> = [];
    const unsubscribe = client.subscribe<{ downwardStatusChanged: { subjectId: string; targetId: string; state: string } }>(
      { query: `subscription { downwardStatusChanged(nodeId: "000000", kinds: [LinkageTask]) { nodeId kind subjectId targetId state at } }` },
      { next: (message) => message.data && events.push(message.data.downwardStatusChanged), error: () => undefined, complete: () => undefined },
    );
    try {
      await sleep(500);
      await act(COMPLETE, '130202', { taskId: assignmentId, report: '已完成' });
      await federation.waitIdle();
      const deadline = Date.now() + 10_000;
      while (!events.some((event) => event.subjectId === rootTaskId && event.targetId === '130000') && Date.now() < deadline) await sleep(100);
      expect(events).toContainEqual(expect.objectContaining({ subjectId: rootTaskId, targetId: '130000', state: 'accepted' }));
    } finally {
      unsubscribe();
      await client.dispose();
    }

    // Without a token the subscription is refused like any other operation.
    const anonymous = createClient({ url: `${central.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const refusal = await new Promise<unknown>((resolve) => {
      anonymous.subscribe(
        { query: `subscription { downwardStatusChanged(nodeId: "000000") { state } }` },
        { next: (message) => resolve(message.errors?.[0]), error: (error) => resolve(error), complete: () => resolve(undefined) },
      );
    });
    await anonymous.dispose();
    expect(refusal).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' } });
  });

  it('marks an unfinished recipient overdue at every level once its deadline passes', async () => {
    const issued = await issue(
      taskInput({ kind: 'Mobile', linkageType: 'Elevated', title: '机动巡察（短期限）', scope: { nodeIds: ['330102'] }, deadline: new Date(Date.now() + 4000).toISOString() }),
    );
    await federation.waitIdle();
    expect((await task('330102', issued.id)).myStatus).toMatchObject({ state: 'Received' });

    const deadline = Date.now() + 20_000;
    let central = await task('000000', issued.id);
    while (central.rollup.counts.overdue === 0 && Date.now() < deadline) {
      await sleep(250);
      central = await task('000000', issued.id);
    }
    expect(central.rollup.overdue).toEqual([{ nodeId: '330102', taskId: issued.id }]);
    await federation.waitIdle();
    for (const nodeId of ['330000', '330100']) {
      expect((await task(nodeId, issued.id)).recipients).toEqual([expect.objectContaining({ recipientId: '330102', state: 'Overdue' })]);
    }
    expect((await task('330102', issued.id)).myStatus).toMatchObject({ state: 'Overdue' });
    // Late work still counts: the county accepts and completes after the deadline.
    await act(ACCEPT, '330102', { taskId: issued.id });
    await act(COMPLETE, '330102', { taskId: issued.id, report: '逾期完成' });
    await federation.waitIdle();
    expect((await task('000000', issued.id)).rollup).toMatchObject({ percentComplete: 100, counts: { completed: 1, overdue: 0 } });
  });

  it('applies an amendment and a cancel issued while the county host is down, in order, once it is back', async () => {
    const issued = await issue(taskInput({ title: '市县巡察联动（县级）', linkageType: 'CityCounty', scope: { nodeIds: ['130104'] } }));
    await federation.waitIdle();
    expect((await task('130104', issued.id)).version).toBe(1);

    await federation.host('local-130000').stop('SIGKILL');
    const later = new Date(Date.now() + 90 * DAY).toISOString();
    await ok('000000', AMEND, { input: { nodeId: '000000', taskId: issued.id, expectedVersion: 1, deadline: later, note: '延长期限' } });
    // A stale amendment is refused rather than silently overwriting the newer version.
    expect(await refused('000000', AMEND, { input: { nodeId: '000000', taskId: issued.id, expectedVersion: 1, title: 'x', note: 'y' } })).toMatchObject({
      reason: 'STALE_VERSION',
    });
    await ok('000000', AMEND, { input: { nodeId: '000000', taskId: issued.id, title: '市县巡察联动（县级，调整）', note: '调整任务名称' } });
    await ok('000000', CANCEL, { input: { nodeId: '000000', taskId: issued.id, reason: '并入省级统一部署' } });
    expect(await refused('000000', AMEND, { input: { nodeId: '000000', taskId: issued.id, title: 'x', note: 'y' } })).toMatchObject({ reason: 'TASK_CANCELLED' });

    // The province, up, relays and records all of it; the county's database still holds version 1.
    const until = Date.now() + 20_000;
    let atProvince = await federation.sql('prov-130000', `SELECT version, cancelled_at FROM linkage_task WHERE node_id = '130000' AND task_id = $1`, [issued.id]);
    while (!atProvince[0]?.cancelled_at && Date.now() < until) {
      await sleep(200);
      atProvince = await federation.sql('prov-130000', `SELECT version, cancelled_at FROM linkage_task WHERE node_id = '130000' AND task_id = $1`, [issued.id]);
    }
    expect(atProvince[0]).toMatchObject({ version: 3, cancelled_at: expect.any(Date) });
    expect(await federation.sql('local-130000', `SELECT version, cancelled_at FROM linkage_task WHERE node_id = '130104' AND task_id = $1`, [issued.id])).toEqual([
      { version: 1, cancelled_at: null },
    ]);

    await federation.host('local-130000').start();
    await federation.waitIdle();

    const atCounty = await task('130104', issued.id);
    expect(atCounty).toMatchObject({ version: 3, title: '市县巡察联动（县级，调整）', cancelReason: '并入省级统一部署', myStatus: { state: 'Cancelled' } });
    expect(atCounty.deadline).toBe(later);
    expect(atCounty.versions.map((v) => [v.version, v.note])).toEqual([
      [1, null],
      [2, '延长期限'],
      [3, '调整任务名称'],
    ]);
    // A cancelled task ignores later amendments, so holding version 3 and the cancel means they applied in order.
    const applied = await federation.sql<{ type: string; status: string }>(
      'local-130000',
      `SELECT type, status FROM federation_inbox WHERE node_id = '130104' AND envelope->>'correlationId' = $1 ORDER BY channel_seq`,
      [issued.id],
    );
    expect(applied).toEqual(
      ['linkage_task.issued', 'linkage_task.amended', 'linkage_task.amended', 'linkage_task.cancelled'].map((type) => ({ type, status: 'applied' })),
    );
    expect(await refused('130104', ACCEPT, { input: { nodeId: '130104', taskId: issued.id } })).toMatchObject({ reason: 'TASK_CANCELLED' });
    expect((await task('000000', issued.id)).rollup).toMatchObject({ units: 1, counts: { cancelled: 1 } });
  });

  it('cancels the assignments a province decomposed when central cancels the task', async () => {
    const issued = await issue(taskInput({ title: '回头看', kind: 'LookBack', scope: { nodeIds: ['130000'] } }));
    await federation.waitIdle();
    await act(ACCEPT, '130000', { taskId: issued.id });
    const assignment = (
      await ok<{ decomposeLinkageTask: Task }>('130000', DECOMPOSE, {
        input: { nodeId: '130000', taskId: issued.id, addedRequirements: '县级同步回头看', scope: { nodeIds: ['130203'] }, deadline: new Date(Date.now() + 30 * DAY).toISOString() },
      })
    ).decomposeLinkageTask;
    await federation.waitIdle();
    await ok('000000', CANCEL, { input: { nodeId: '000000', taskId: issued.id, reason: '任务调整' } });
    await federation.waitIdle();

    const atCounty = await task('130203', assignment.id);
    expect(atCounty).toMatchObject({ myStatus: { state: 'Cancelled' }, cancelReason: expect.stringContaining('任务调整') });
    expect((await task('130200', assignment.id)).recipients).toEqual([expect.objectContaining({ recipientId: '130203', state: 'Cancelled' })]);
    expect((await task('000000', issued.id)).rollup).toMatchObject({ units: 2, counts: { cancelled: 2 } });
  });

  it('lists a node’s tasks with filters and keyset pages, and keeps reads inside the caller’s subtree', async () => {
    const LIST = `query($nodeId: ID!, $filter: LinkageTaskFilterInput, $page: PageInput) {
      linkageTasks(nodeId: $nodeId, filter: $filter, page: $page) { items { id title role kind } nextCursor } }`;
    type List = { linkageTasks: { items: Array<{ id: string; title: string; role: string; kind: string }>; nextCursor: string | null } };
    const all = (await ok<List>('000000', LIST, { nodeId: '000000', filter: { role: 'Issuer' } })).linkageTasks.items;
    expect(all.length).toBe(4);
    const first = (await ok<List>('000000', LIST, { nodeId: '000000', filter: { role: 'Issuer' }, page: { first: 3 } })).linkageTasks;
    expect(first.items).toHaveLength(3);
    const second = (await ok<List>('000000', LIST, { nodeId: '000000', filter: { role: 'Issuer' }, page: { first: 3, after: first.nextCursor } })).linkageTasks;
    expect(second).toMatchObject({ nextCursor: null });
    expect([...first.items, ...second.items].map((t) => t.id)).toEqual(all.map((t) => t.id));
    expect((await ok<List>('000000', LIST, { nodeId: '000000', filter: { kind: 'Mobile' } })).linkageTasks.items.map((t) => t.title)).toEqual(['机动巡察（短期限）']);
    expect((await ok<List>('130100', LIST, { nodeId: '130100', filter: { role: 'Relay' } })).linkageTasks.items.length).toBeGreaterThan(0);
    expect((await ok<List>('130104', LIST, { nodeId: '130104', filter: { state: 'InProgress' } })).linkageTasks.items.map((t) => t.id)).toEqual([assignmentId]);
    expect(await refused('000000', LIST, { nodeId: '000000', page: { first: 2, after: 'not-a-cursor' } })).toMatchObject({ reason: 'BAD_CURSOR' });
    expect(invalidInput(await refused('000000', LIST, { nodeId: '000000', page: { first: 1000 } }))).toContain('first must not be greater than 100');

    // A city reads its county (same host); a county never reads its city; a province’s tasks live on its own host.
    expect((await ok<List>('130100', LIST, { nodeId: '130102' })).linkageTasks.items.length).toBeGreaterThan(0);
    expect(await refused('130102', LIST, { nodeId: '130100' })).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_JURISDICTION' });
    expect(await refused('000000', LIST, { nodeId: '130000' })).toMatchObject({ code: 'NOT_FOUND', reason: 'NODE_NOT_SERVED_HERE' });
  });

  it('keeps every level’s materialised roll-up equal to its units after a burst of receipts from a whole subtree', async () => {
    const issued = await issue(taskInput({ title: '全域联动（回执）', scope: { wholeSubtree: true } }));
    const recipients = issued.recipients.length;
    expect(recipients).toBe(federation.registry.nodes.length - 1);
    const deadline = Date.now() + 60_000;
    let central = await task('000000', issued.id);
    while (central.rollup.counts.received < recipients && Date.now() < deadline) {
      await sleep(200);
      central = await task('000000', issued.id);
    }
    expect(central.rollup).toMatchObject({ units: recipients, counts: { issued: 0, received: recipients } });
    await federation.waitIdle();
    for (const hostId of federation.hosts.keys()) {
      // Each copy's summary and per-child rows, against a count straight from its units.
      const copies = await federation.sql<{ node_id: string; units: number; received: number; counted: number; counted_received: number }>(
        hostId,
        `SELECT t.node_id, (t.summary->>'units')::int AS units, coalesce((t.summary->'counts'->>'received')::int, 0) AS received,
                (SELECT count(*)::int FROM linkage_task_unit u WHERE u.node_id = t.node_id AND u.task_id = t.task_id) AS counted,
                (SELECT count(*)::int FROM linkage_task_unit u WHERE u.node_id = t.node_id AND u.task_id = t.task_id AND u.state = 'received') AS counted_received
           FROM linkage_task t WHERE t.root_task_id = $1`,
        [issued.id],
      );
      for (const copy of copies) expect([copy.node_id, copy.units, copy.received]).toEqual([copy.node_id, copy.counted, copy.counted_received]);
      const children = await federation.sql<{ node_id: string; child_id: string; units: number; counted: number }>(
        hostId,
        `SELECT c.node_id, c.child_id, (c.summary->>'units')::int AS units,
                (SELECT count(*)::int FROM linkage_task_unit u WHERE u.node_id = c.node_id AND u.task_id = c.task_id AND u.via_child = c.child_id) AS counted
           FROM linkage_task_child c WHERE c.task_id = $1`,
        [issued.id],
      );
      for (const child of children) expect([child.node_id, child.child_id, child.units]).toEqual([child.node_id, child.child_id, child.counted]);
    }
  });

  it('leaves no dead letters and nothing undelivered anywhere', async () => {
    await federation.waitIdle();
    for (const hostId of federation.hosts.keys()) {
      expect(await federation.sql(hostId, `SELECT reason, detail FROM federation_dead_letter`)).toEqual([]);
    }
  });
});
