import { Role } from '@app/federation/auth/caller';
import { DemoClient } from '../tools/demo/demo-client';
import { downwardSeed } from '../tools/demo/seed-downward';
import { TestFederation } from './utils/federation';

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const TEAM = `id nodeId role name members { name title }
  visits { targetId state steps { kind byNodeId note materials { title } findings requirements dueDate response } }`;
const CHECK = `id nodeId role title subject checked { targetId state steps { kind byNodeId report findings verdict reasons } }`;
const NOTICE = `id nodeId role title category recipientCount readCount readAt unread { recipientId } recipients { recipientId readAt }`;

interface Visit {
  targetId: string;
  state: string;
  steps: Array<Record<string, unknown> & { kind: string }>;
}

describe('downward flows: supervision teams, special checks and notices across four tiers', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start();
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

  /** Mutations take the acting node in their input; queries read one node's copy. */
  const mutate = <T>(name: string, inputType: string, fields: string, nodeId: string, input: Record<string, unknown>) =>
    ok<Record<string, T>>(nodeId, `mutation($input: ${inputType}!) { ${name}(input: $input) { ${fields} } }`, { input: { nodeId, ...input } }).then((data) => data[name]);
  const read = <T>(name: string, fields: string, nodeId: string, id: string) =>
    ok<Record<string, T>>(nodeId, `query($nodeId: ID!, $id: ID!) { ${name}(nodeId: $nodeId, id: $id) { ${fields} } }`, { nodeId, id }).then((data) => data[name]);
  const refusedMutation = (name: string, inputType: string, nodeId: string, input: Record<string, unknown>) =>
    refused(nodeId, `mutation($input: ${inputType}!) { ${name}(input: $input) { id } }`, { input: { nodeId, ...input } });

  describe('guidance and supervision teams (指导督导组)', () => {
    type Team = { id: string; role: string; visits: Visit[] };
    const team = (nodeId: string, id: string) => read<Team>('supervisionTeam', TEAM, nodeId, id);
    let teamId: string;

    it('dispatches a team from central to a province and one of its counties, recorded at every level on the way', async () => {
      const input = {
        name: '中央第三指导督导组',
        purpose: '指导督导河北省巡视巡察上下联动工作',
        members: [
          { name: '张三', title: '组长' },
          { name: '李四', title: '成员' },
        ],
        targets: ['130203', '130000'],
        visitStart: inDays(1),
        visitEnd: inDays(20),
      };
      expect(await refusedMutation('dispatchSupervisionTeam', 'DispatchSupervisionTeamInput', '000000', { ...input, visitEnd: inDays(0.5) })).toMatchObject({
        reason: 'INVALID_VISIT_WINDOW',
      });
      expect(await refusedMutation('dispatchSupervisionTeam', 'DispatchSupervisionTeamInput', '130203', { ...input, targets: ['130203'] })).toMatchObject({
        reason: 'CANNOT_ISSUE',
      });
      expect(await refusedMutation('dispatchSupervisionTeam', 'DispatchSupervisionTeamInput', '130000', { ...input, targets: ['330102'] })).toMatchObject({
        reason: 'OUTSIDE_SUBTREE',
      });

      const dispatched = await mutate<Team>('dispatchSupervisionTeam', 'DispatchSupervisionTeamInput', TEAM, '000000', input);
      teamId = dispatched.id;
      expect(dispatched.visits.map((v) => [v.targetId, v.state])).toEqual([
        ['130000', 'Dispatched'],
        ['130203', 'Dispatched'],
      ]);
      await federation.waitIdle();
      expect(await team('130000', teamId)).toMatchObject({ role: 'Visited', visits: [{ targetId: '130000' }, { targetId: '130203' }] });
      expect(await team('130200', teamId)).toMatchObject({ role: 'Relay', visits: [{ targetId: '130203', state: 'Dispatched' }] });
      expect(await team('130203', teamId)).toMatchObject({ role: 'Visited', visits: [{ targetId: '130203', state: 'Dispatched' }] });
    });

    it('carries acknowledgement, materials, rectification requirements and the response between the two ends', async () => {
      // Materials come after the acknowledgement, and requirements only once the visit has begun.
      expect(await refusedMutation('provideSupervisionMaterials', 'ProvideSupervisionMaterialsInput', '130203', { teamId, materials: [{ title: 'x' }] })).toMatchObject({
        code: 'CONFLICT',
        reason: 'ILLEGAL_STEP',
      });
      expect(
        await refusedMutation('requireSupervisionRectification', 'RequireSupervisionRectificationInput', '000000', {
          teamId,
          targetId: '130203',
          findings: 'f',
          requirements: 'r',
          dueDate: inDays(30),
        }),
      ).toMatchObject({ reason: 'ILLEGAL_STEP' });
      // Only the visited node acknowledges, only the dispatcher requires rectification.
      expect(await refusedMutation('acknowledgeSupervisionTeam', 'AcknowledgeSupervisionTeamInput', '130200', { teamId })).toMatchObject({ reason: 'NOT_VISITED_NODE' });

      await mutate('acknowledgeSupervisionTeam', 'AcknowledgeSupervisionTeamInput', 'id', '130000', { teamId, note: '已安排对接' });
      await mutate('acknowledgeSupervisionTeam', 'AcknowledgeSupervisionTeamInput', 'id', '130203', { teamId });
      await mutate('provideSupervisionMaterials', 'ProvideSupervisionMaterialsInput', 'id', '130203', {
        teamId,
        materials: [
          { title: '巡察工作规划', description: '2023—2027年' },
          { title: '整改台账', description: '' },
        ],
      });
      await federation.waitIdle();
      expect(
        await refusedMutation('requireSupervisionRectification', 'RequireSupervisionRectificationInput', '130000', {
          teamId,
          targetId: '130203',
          findings: 'f',
          requirements: 'r',
          dueDate: inDays(30),
        }),
      ).toMatchObject({ reason: 'NOT_TEAM_DISPATCHER' });
      await mutate('requireSupervisionRectification', 'RequireSupervisionRectificationInput', 'id', '000000', {
        teamId,
        targetId: '130203',
        findings: '巡察整改跟踪不到位',
        requirements: '建立整改销号制度',
        dueDate: inDays(60),
      });
      await federation.waitIdle();
      await mutate('respondSupervisionRectification', 'RespondSupervisionRectificationInput', 'id', '130203', { teamId, response: '已建立整改销号制度并逐项落实' });
      await federation.waitIdle();

      const expectedSteps = ['Acknowledged', 'MaterialsProvided', 'RectificationRequired', 'RectificationResponded'];
      for (const nodeId of ['000000', '130200', '130203']) {
        const visit = (await team(nodeId, teamId)).visits.find((v) => v.targetId === '130203')!;
        expect(visit.state).toBe('Responded');
        expect(visit.steps.map((s) => s.kind)).toEqual(expectedSteps);
      }
      const atCentral = (await team('000000', teamId)).visits;
      expect(atCentral.find((v) => v.targetId === '130000')).toMatchObject({ state: 'Acknowledged', steps: [{ kind: 'Acknowledged', note: '已安排对接', byNodeId: '130000' }] });
      const steps = atCentral.find((v) => v.targetId === '130203')!.steps;
      expect(steps[1]).toMatchObject({ byNodeId: '130203', materials: [{ title: '巡察工作规划' }, { title: '整改台账' }] });
      expect(steps[2]).toMatchObject({ byNodeId: '000000', findings: '巡察整改跟踪不到位', requirements: '建立整改销号制度' });
    });
  });

  describe('special checks (专项检查)', () => {
    type Check = { id: string; role: string; checked: Visit[] };
    const check = (nodeId: string, id: string) => read<Check>('specialCheck', CHECK, nodeId, id);
    const step = (name: string, inputType: string, nodeId: string, input: Record<string, unknown>) => mutate(name, inputType, 'id', nodeId, input);
    let checkId: string;

    it('notifies every county of a province, through the province and its cities, which record it', async () => {
      const created = await mutate<Check>('notifySpecialCheck', 'NotifySpecialCheckInput', CHECK, '000000', {
        title: '2025年选人用人专项检查',
        subject: '选人用人',
        requirements: '对照《干部任用条例》开展自查',
        scope: { tier: 'County', under: '330000' },
        dueDate: inDays(30),
      });
      checkId = created.id;
      expect(created.checked.map((c) => c.targetId)).toEqual(['330102', '330105', '330203', '330205']);
      await federation.waitIdle();
      expect(await check('330000', checkId)).toMatchObject({ role: 'Relay' });
      expect((await check('330100', checkId)).checked.map((c) => [c.targetId, c.state])).toEqual([
        ['330102', 'Notified'],
        ['330105', 'Notified'],
      ]);
      expect(await check('330102', checkId)).toMatchObject({ role: 'Checked', checked: [{ targetId: '330102', state: 'Notified' }] });
    });

    it('runs self-check, requirements, a returned rectification report and its resubmission to acceptance', async () => {
      await step('reportSpecialCheckSelfCheck', 'SpecialCheckReportInput', '330102', { checkId, report: '自查发现问题3个' });
      await step('reportSpecialCheckSelfCheck', 'SpecialCheckReportInput', '330205', { checkId, report: '未发现问题' });
      await federation.waitIdle();
      const review = (verdict: string, reasons?: string) => ({ checkId, targetId: '330102', verdict, reasons });
      expect(await refusedMutation('reviewSpecialCheckRectification', 'ReviewCheckRectificationInput', '000000', review('Accepted'))).toMatchObject({
        reason: 'ILLEGAL_STEP',
      });
      await step('requireSpecialCheckRectification', 'RequireCheckRectificationInput', '000000', {
        checkId,
        targetId: '330102',
        findings: '个别干部破格提拔程序不规范',
        requirements: '30日内完成整改并报送整改进展情况报告',
        dueDate: inDays(30),
      });
      await federation.waitIdle();
      await step('reportSpecialCheckRectification', 'SpecialCheckReportInput', '330102', { checkId, report: '已整改2项' });
      await federation.waitIdle();
      expect(await refusedMutation('reviewSpecialCheckRectification', 'ReviewCheckRectificationInput', '000000', review('Returned'))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'REASONS_REQUIRED',
      });
      await step('reviewSpecialCheckRectification', 'ReviewCheckRectificationInput', '000000', review('Returned', '第3项整改未见成效'));
      await federation.waitIdle();
      expect((await check('330102', checkId)).checked[0]).toMatchObject({ state: 'Returned' });
      await step('reportSpecialCheckRectification', 'SpecialCheckReportInput', '330102', { checkId, report: '3项问题全部整改完毕' });
      await federation.waitIdle();
      await step('reviewSpecialCheckRectification', 'ReviewCheckRectificationInput', '000000', review('Accepted'));
      await federation.waitIdle();

      const kinds = ['SelfCheckReported', 'RectificationRequired', 'RectificationReported', 'Reviewed', 'RectificationReported', 'Reviewed'];
      for (const nodeId of ['000000', '330000', '330100', '330102']) {
        const checked = (await check(nodeId, checkId)).checked.find((c) => c.targetId === '330102')!;
        expect(checked.state).toBe('Accepted');
        expect(checked.steps.map((s) => s.kind)).toEqual(kinds);
      }
      const atCentral = await check('000000', checkId);
      expect(atCentral.checked.find((c) => c.targetId === '330102')!.steps[3]).toMatchObject({ verdict: 'Returned', reasons: '第3项整改未见成效', byNodeId: '000000' });
      expect(atCentral.checked.map((c) => [c.targetId, c.state])).toEqual([
        ['330102', 'Accepted'],
        ['330105', 'Notified'],
        ['330203', 'Notified'],
        ['330205', 'SelfChecked'],
      ]);
      const LIST = `query($nodeId: ID!, $state: SpecialCheckState) { specialChecks(nodeId: $nodeId, state: $state) { items { id } nextCursor } }`;
      expect((await ok<{ specialChecks: { items: unknown[] } }>('330200', LIST, { nodeId: '330200', state: 'SelfChecked' })).specialChecks.items).toEqual([{ id: checkId }]);
    });
  });

  describe('notices (通报)', () => {
    type NoticeView = { id: string; role: string; recipientCount: number; readCount: number; readAt: string | null; unread: Array<{ recipientId: string }> };
    const notice = (nodeId: string, id: string) => read<NoticeView>('notice', NOTICE, nodeId, id);
    const acknowledge = (nodeId: string, noticeId: string, roles?: Role[]) =>
      ok(nodeId, `mutation($input: AcknowledgeNoticeInput!) { acknowledgeNotice(input: $input) { id readAt } }`, { input: { nodeId, noticeId } }, roles);

    it('sends a notice to the whole subtree and shows each level who has not read it', async () => {
      const issued = await mutate<NoticeView>('issueNotice', 'IssueNoticeInput', NOTICE, '000000', {
        title: '关于巡察整改中形式主义问题的通报',
        body: '部分地方整改“一阵风”，问题反弹回潮。',
        category: 'Tendency',
        scope: { wholeSubtree: true },
      });
      const everyone = federation.registry.nodes.filter((node) => node.id !== '000000').length;
      expect(issued).toMatchObject({ role: 'Issuer', recipientCount: everyone, readCount: 0 });
      await federation.waitIdle();

      await acknowledge('130102', issued.id);
      await acknowledge('130000', issued.id, [Role.LeadingGroup]);
      await acknowledge('130102', issued.id);
      expect(await refused('130102', `mutation($input: AcknowledgeNoticeInput!) { acknowledgeNotice(input: $input) { id } }`, { input: { nodeId: '130102', noticeId: issued.id } }, [Role.Analyst])).toMatchObject({
        reason: 'ROLE_REQUIRED',
      });
      await federation.waitIdle();

      const atCentral = await notice('000000', issued.id);
      expect(atCentral).toMatchObject({ recipientCount: everyone, readCount: 2 });
      expect(atCentral.unread.map((r) => r.recipientId)).not.toContain('130102');
      expect(atCentral.unread).toHaveLength(everyone - 2);
      const atProvince = await notice('130000', issued.id);
      expect(atProvince).toMatchObject({ role: 'Recipient', recipientCount: 7, readCount: 2, readAt: expect.any(String) });
      expect(atProvince.unread.map((r) => r.recipientId)).toEqual(['130100', '130104', '130200', '130202', '130203']);
      expect(await notice('130100', issued.id)).toMatchObject({ role: 'Recipient', recipientCount: 3, readCount: 1, readAt: null });
      // A county that read it once has sent one receipt, not two.
      const [{ receipts }] = await federation.sql<{ receipts: number }>('local-130000', `SELECT count(*)::int AS receipts FROM federation_outbox WHERE from_node = '130102' AND type = 'notice.acknowledged'`);
      expect(receipts).toBe(1);

      const UNREAD = `query($nodeId: ID!) { notices(nodeId: $nodeId, unreadOnly: true) { items { id } } }`;
      expect((await ok<{ notices: { items: unknown[] } }>('130104', UNREAD, { nodeId: '130104' })).notices.items).toEqual([{ id: issued.id }]);
      expect((await ok<{ notices: { items: unknown[] } }>('130102', UNREAD, { nodeId: '130102' })).notices.items).toEqual([]);
    });

    it('sends a notice to listed nodes only, and refuses one outside the issuer’s subtree', async () => {
      const issued = await mutate<NoticeView>('issueNotice', 'IssueNoticeInput', NOTICE, '330000', {
        title: '关于巡察报告质量问题的通报',
        body: '普遍存在问题定性不准的情况。',
        category: 'Common',
        scope: { nodeIds: ['330105', '330200'] },
      });
      await federation.waitIdle();
      expect(issued.recipientCount).toBe(2);
      expect(await notice('330100', issued.id)).toMatchObject({ role: 'Relay', recipientCount: 1, unread: [{ recipientId: '330105' }] });
      expect(await refusedMutation('issueNotice', 'IssueNoticeInput', '330000', { title: 't', body: 'b', category: 'Common', scope: { nodeIds: ['130102'] } })).toMatchObject({
        reason: 'OUTSIDE_SUBTREE',
      });
    });
  });

  it('seeds the demo’s downward flow once, after which central sees the counties’ progress', async () => {
    const lines: string[] = [];
    const client: DemoClient = {
      gql: async (nodeId, query, variables, roles) => ok(nodeId, query, variables, roles),
      waitIdle: (timeoutMs) => federation.waitIdle(timeoutMs),
      log: (line) => lines.push(line),
    };
    expect(await downwardSeed.isSeeded(client)).toBe(false);
    await downwardSeed.run(client);
    expect(await downwardSeed.isSeeded(client)).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/central sees 5 units on the task: 1 completed, 2 in progress, 2 accepted — 38% complete/);
  });

  it('leaves no dead letters and nothing undelivered anywhere', async () => {
    await federation.waitIdle();
    for (const hostId of federation.hosts.keys()) {
      expect(await federation.sql(hostId, `SELECT reason, detail FROM federation_dead_letter`)).toEqual([]);
    }
  });
});
