import { Role } from '@app/federation/auth/caller';
import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const COUNTY = '130102';
const DEADLINES = `query($nodeId: ID!) { deadlines(nodeId: $nodeId, statuses: [Open, Overdue, Met, Cancelled]) { ownerNodeId kind recordId status late } }`;
const ALERTS = `query($nodeId: ID!) { overdueAlerts(nodeId: $nodeId) { ownerNodeId kind recordId title status } }`;

type Deadline = { ownerNodeId: string; kind: string; recordId: string; status: string; late: boolean };
type Alert = { ownerNodeId: string; kind: string; recordId: string; title: string; status: string };

/**
 * What a special check or a supervision team asks of a county by a date joins the deadline tracker:
 * tracked at the county, swept there, its copies at every level above, an alert at the level that
 * set it (central) as well as at the county's own city when it is missed; met by the step that
 * answers it, cancelled when the check or team is withdrawn.
 */
describe('deadlines of special checks and supervision teams', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ boot: ['central', 'prov-130000', 'local-130000'], env: { DEADLINE_SWEEP_INTERVAL_MS: '300' } });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function call<T = Record<string, unknown>>(nodeId: string, query: string, variables: Record<string, unknown> = {}, roles?: Role[]): Promise<T> {
    const res = await federation.gql(nodeId, query, variables, roles);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  const mutate = async (nodeId: string, name: string, inputType: string, input: Record<string, unknown>): Promise<{ id: string }> =>
    (await call<Record<string, { id: string }>>(nodeId, `mutation($input: ${inputType}!) { ${name}(input: $input) { id } }`, { input: { nodeId, ...input } }))[name];

  const deadlines = async (nodeId: string, recordId: string) => (await call<{ deadlines: Deadline[] }>(nodeId, DEADLINES, { nodeId }, [Role.Analyst])).deadlines.filter((d) => d.recordId === recordId);
  const alerts = async (nodeId: string, recordId: string) => (await call<{ overdueAlerts: Alert[] }>(nodeId, ALERTS, { nodeId })).overdueAlerts.filter((a) => a.recordId === recordId);

  async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    let value = await probe();
    while (!done(value) && Date.now() < until) {
      await sleep(200);
      value = await probe();
    }
    return value;
  }

  /**
   * The county's due day passes: its own row of the obligation (the one its sweep reads) is moved a
   * few days back. Everything after — the sweep, the messages up, the alerts — is the hosts' own work.
   */
  async function letDueDayPass(recordId: string, kind: string): Promise<void> {
    const moved = await federation.sql(
      'local-130000',
      `UPDATE tracked_deadline SET due_on = due_on - 10, overdue_from = overdue_from - interval '10 days'
       WHERE node_id = $1 AND owner_node_id = $1 AND record_id = $2 AND kind = $3 AND status = 'open' RETURNING id`,
      [COUNTY, recordId, kind],
    );
    expect(moved).toHaveLength(1);
  }

  it('tracks a check’s self-check report from the notice, alerts central and the city when its required rectification is missed, and meets it late', async () => {
    const { id: checkId } = await mutate('000000', 'notifySpecialCheck', 'NotifySpecialCheckInput', {
      title: '巡察工作专项检查',
      subject: '巡察整改',
      requirements: '开展自查',
      scope: { nodeIds: [COUNTY] },
      dueDate: inDays(10),
    });
    await federation.waitIdle();
    expect(await deadlines(COUNTY, checkId)).toEqual([{ ownerNodeId: COUNTY, kind: 'SpecialCheckSelfCheck', recordId: checkId, status: 'Open', late: false }]);

    await mutate(COUNTY, 'reportSpecialCheckSelfCheck', 'SpecialCheckReportInput', { checkId, report: '自查发现问题2个' });
    await federation.waitIdle();
    await mutate('000000', 'requireSpecialCheckRectification', 'RequireCheckRectificationInput', {
      checkId,
      targetId: COUNTY,
      findings: '巡察整改跟踪不到位',
      requirements: '限期整改并报送整改进展情况报告',
      dueDate: inDays(3),
    });
    await federation.waitIdle();
    const atCentral = await deadlines('000000', checkId);
    expect(atCentral.map((d) => [d.kind, d.status])).toEqual([
      ['SpecialCheckRectification', 'Open'],
      ['SpecialCheckSelfCheck', 'Met'],
    ]);

    await letDueDayPass(checkId, 'special_check_rectification');
    const raised = await eventually(() => alerts('000000', checkId), (found) => found.length > 0);
    expect(raised).toEqual([{ ownerNodeId: COUNTY, kind: 'SpecialCheckRectification', recordId: checkId, title: '巡察工作专项检查：专项检查整改进展情况报告', status: 'Overdue' }]);
    await federation.waitIdle();
    // Its own city supervises the county too; the province in between sees the state, not an alert.
    expect(await alerts('130100', checkId)).toHaveLength(1);
    expect(await alerts('130000', checkId)).toEqual([]);
    for (const viewer of [COUNTY, '130100', '130000', '000000']) {
      expect((await deadlines(viewer, checkId)).find((d) => d.kind === 'SpecialCheckRectification')).toMatchObject({ status: 'Overdue', late: true });
    }

    await mutate(COUNTY, 'reportSpecialCheckRectification', 'SpecialCheckReportInput', { checkId, report: '已整改完毕' });
    await federation.waitIdle();
    const { specialCheck } = await call<{ specialCheck: { deadlines: Deadline[] } }>('000000', `query($id: ID!) { specialCheck(nodeId: "000000", id: $id) { deadlines { kind status late } } }`, { id: checkId });
    expect(specialCheck.deadlines).toEqual([
      { kind: 'SpecialCheckRectification', status: 'Met', late: true },
      { kind: 'SpecialCheckSelfCheck', status: 'Met', late: false },
    ]);
    expect(await alerts('000000', checkId)).toMatchObject([{ status: 'Met' }]);
  });

  it('alerts central and the city when a team’s required rectification is missed, and cancels what was owed when the team is withdrawn', async () => {
    const { id: teamId } = await mutate('000000', 'dispatchSupervisionTeam', 'DispatchSupervisionTeamInput', {
      name: '中央第五指导督导组',
      purpose: '督导巡察整改',
      members: [{ name: '赵六', title: '组长' }],
      targets: [COUNTY],
      visitStart: inDays(1),
      visitEnd: inDays(15),
    });
    await federation.waitIdle();
    await mutate(COUNTY, 'acknowledgeSupervisionTeam', 'AcknowledgeSupervisionTeamInput', { teamId });
    await federation.waitIdle();
    await mutate('000000', 'requireSupervisionRectification', 'RequireSupervisionRectificationInput', {
      teamId,
      targetId: COUNTY,
      findings: '整改台账不完整',
      requirements: '补齐整改台账',
      dueDate: inDays(5),
    });
    await federation.waitIdle();
    expect((await deadlines('000000', teamId)).map((d) => [d.ownerNodeId, d.kind, d.status])).toEqual([[COUNTY, 'SupervisionTeamRectification', 'Open']]);

    await letDueDayPass(teamId, 'supervision_team_rectification');
    const raised = await eventually(() => alerts('000000', teamId), (found) => found.length > 0);
    expect(raised).toMatchObject([{ ownerNodeId: COUNTY, kind: 'SupervisionTeamRectification', status: 'Overdue' }]);
    await federation.waitIdle();
    expect(await alerts('130100', teamId)).toHaveLength(1);

    await mutate('000000', 'withdrawSupervisionTeam', 'WithdrawSupervisionTeamInput', { teamId, reason: '督导工作调整' });
    await federation.waitIdle();
    const { supervisionTeam } = await call<{ supervisionTeam: { visits: Array<{ state: string; steps: Array<{ kind: string; reasons: string | null }> }> } }>(
      COUNTY,
      `query($id: ID!) { supervisionTeam(nodeId: "${COUNTY}", id: $id) { visits { state steps { kind reasons } } } }`,
      { id: teamId },
    );
    expect(supervisionTeam.visits[0].state).toBe('Withdrawn');
    expect(supervisionTeam.visits[0].steps.at(-1)).toEqual({ kind: 'Withdrawn', reasons: '督导工作调整' });
    for (const viewer of [COUNTY, '000000']) expect((await deadlines(viewer, teamId)).map((d) => d.status)).toEqual(['Cancelled']);
    expect(await alerts('000000', teamId)).toMatchObject([{ status: 'Cancelled' }]);
    const refused = await federation.gql(COUNTY, `mutation($input: RespondSupervisionRectificationInput!) { respondSupervisionRectification(input: $input) { id } }`, {
      input: { nodeId: COUNTY, teamId, response: '已补齐' },
    });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_STEP' });
  });

  it('leaves no dead letters anywhere', async () => {
    await federation.waitIdle();
    for (const hostId of ['central', 'prov-130000', 'local-130000']) expect(await federation.sql(hostId, `SELECT reason, detail FROM federation_dead_letter`)).toEqual([]);
  });
});
