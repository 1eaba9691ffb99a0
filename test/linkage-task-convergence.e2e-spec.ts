import { TestFederation } from './utils/federation';

const DAY = 24 * 3600 * 1000;
const COUNTY = '130102';
/** The county and every level above it, up to central, the issuer. */
const LEVELS = [COUNTY, '130100', '130000', '000000'];
const ISSUE = `mutation($input: IssueLinkageTaskInput!) { issueLinkageTask(input: $input) { id } }`;
const AMEND = `mutation($input: AmendLinkageTaskInput!) { amendLinkageTask(input: $input) { id version } }`;
const CANCEL = `mutation($input: CancelLinkageTaskInput!) { cancelLinkageTask(input: $input) { id } }`;
const ACCEPT = `mutation($input: AcceptLinkageTaskInput!) { acceptLinkageTask(input: $input) { id } }`;
const PROGRESS = `mutation($input: ReportLinkageTaskProgressInput!) { reportLinkageTaskProgress(input: $input) { id } }`;
const COMPLETE = `mutation($input: CompleteLinkageTaskInput!) { completeLinkageTask(input: $input) { id } }`;
const VIEW = `query($nodeId: ID!, $id: ID!) { linkageTask(nodeId: $nodeId, id: $id) {
  recipients { recipientId state percent } rollup { units counts { issued received accepted inProgress overdue completed cancelled } } } }`;

interface View {
  recipients: Array<{ recipientId: string; state: string; percent: number }>;
  rollup: { units: number; counts: Record<string, number> };
}

/**
 * Amend and cancel come down while reports go up, in whatever order they meet at each level: every
 * level — the county, its city, its province and central — must end with the same state for the
 * county and the same counts, and a report can never take a unit out of cancelled or completed.
 */
describe('linkage tasks: changes from above and reports from below converge at every level', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ boot: ['central', 'prov-130000', 'local-130000'] });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function ok<T>(nodeId: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await federation.gql(nodeId, query, variables);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  async function issue(title: string): Promise<string> {
    const now = Date.now();
    const input = {
      nodeId: '000000',
      kind: 'Regular',
      linkageType: 'Regional',
      title,
      requirements: '收敛测试',
      focusPoints: [],
      scope: { nodeIds: [COUNTY] },
      startAt: new Date(now).toISOString(),
      deadline: new Date(now + 30 * DAY).toISOString(),
    };
    return (await ok<{ issueLinkageTask: { id: string } }>('000000', ISSUE, { input })).issueLinkageTask.id;
  }

  const cancel = (taskId: string) => ok('000000', CANCEL, { input: { nodeId: '000000', taskId, reason: '任务调整' } });
  const act = (mutation: string, input: Record<string, unknown>) => ok(COUNTY, mutation, { input: { nodeId: COUNTY, ...input } });

  /** What each level shows of the county's unit, and its roll-up. */
  async function views(taskId: string): Promise<Record<string, { state?: string; counts: Record<string, number> }>> {
    const result: Record<string, { state?: string; counts: Record<string, number> }> = {};
    for (const nodeId of LEVELS) {
      const { linkageTask } = await ok<{ linkageTask: View }>(nodeId, VIEW, { nodeId, id: taskId });
      result[nodeId] = { state: linkageTask.recipients.find((unit) => unit.recipientId === COUNTY)?.state, counts: linkageTask.rollup.counts };
    }
    return result;
  }

  /** Every level shows `state` for the county, and one unit counted in it. */
  async function expectEverywhere(taskId: string, state: string, countKey: string): Promise<void> {
    await federation.waitIdle();
    const seen = await views(taskId);
    const counts = Object.fromEntries(['issued', 'received', 'accepted', 'inProgress', 'overdue', 'completed', 'cancelled'].map((key) => [key, key === countKey ? 1 : 0]));
    expect(seen).toEqual(Object.fromEntries(LEVELS.map((nodeId) => [nodeId, { state, counts }])));
  }

  it('cancelled at once after its issue: cancelled at every level, not received', async () => {
    const taskId = await issue('立即撤销');
    await cancel(taskId);
    await expectEverywhere(taskId, 'Cancelled', 'cancelled');
  });

  it('cancelled while the county’s host is down: cancelled at every level once it is back', async () => {
    await federation.host('local-130000').stop();
    const taskId = await issue('县主机离线时撤销');
    await cancel(taskId);
    await federation.host('local-130000').start();
    await expectEverywhere(taskId, 'Cancelled', 'cancelled');
  });

  it('amended and cancelled while a progress report is on its way up: cancelled at every level', async () => {
    const taskId = await issue('修订撤销与迟到的进度');
    await federation.waitIdle();
    await act(ACCEPT, { taskId });
    await federation.waitIdle();
    // The province is away: the amendment and the cancel wait for it above, the county's report below.
    await federation.host('prov-130000').stop();
    await ok('000000', AMEND, { input: { nodeId: '000000', taskId, requirements: '修订：补充重点', note: '修订一次' } });
    await cancel(taskId);
    await act(PROGRESS, { taskId, percent: 40, note: '进度40%' });
    await federation.host('prov-130000').start();
    await expectEverywhere(taskId, 'Cancelled', 'cancelled');
  });

  it('completed before the cancel reached the county: completed at every level', async () => {
    const taskId = await issue('撤销前已完成');
    await federation.waitIdle();
    await act(ACCEPT, { taskId });
    await federation.waitIdle();
    await federation.host('prov-130000').stop();
    await cancel(taskId);
    await act(COMPLETE, { taskId, report: '已完成' });
    await federation.host('prov-130000').start();
    await expectEverywhere(taskId, 'Completed', 'completed');
  });
});
