import { Role } from '@app/federation/auth/caller';
import { TestFederation } from './utils/federation';

const DAY = 24 * 3600 * 1000;
const RECORD_CLUE = `mutation($input: RecordClueInput!) { recordProblemClue(input: $input) { id } }`;
const ISSUE = `mutation($input: IssueLinkageTaskInput!) { issueLinkageTask(input: $input) { id } }`;
const ROLLUP = `query($filter: RollupFilter, $kinds: [AnalyticsKind!]) {
  analyticsRollup(filter: $filter) {
    total nextCursor
    region { nodeId figures(kinds: $kinds) { lastUpdatedAt counts { kind key value lastUpdatedAt } } }
    items { nodeId tier figures(kinds: $kinds) { lastUpdatedAt counts { kind key value } } }
  }
}`;

interface Figures {
  lastUpdatedAt: string | null;
  counts: Array<{ kind: string; key: string; value: number }>;
}
interface Rollup {
  total: number;
  nextCursor: string | null;
  region: { nodeId: string; figures: Figures };
  items: Array<{ nodeId: string; tier: string; figures: Figures }>;
}

/** Roll-ups at every node, kept by the flows themselves: a burst of results, and a relay that was offline. */
describe('analytics: roll-ups across the federation', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    // A small pool per host: other suites may be running against the same PostgreSQL.
    federation = await TestFederation.start({ env: { DATABASE_POOL_SIZE: '4' } });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function ok<T = Record<string, any>>(nodeId: string, query: string, variables: Record<string, unknown>, roles?: Role[]): Promise<T> {
    const res = await federation.gql(nodeId, query, variables, roles);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  const rollup = async (nodeId: string, filter: Record<string, unknown> = {}, kinds?: string[]) => (await ok<{ analyticsRollup: Rollup }>(nodeId, ROLLUP, { filter, kinds }, [Role.Analyst])).analyticsRollup;
  const count = (figures: Figures, kind: string, key: string) => figures.counts.filter((c) => c.kind === kind && c.key === key).reduce((n, c) => n + c.value, 0);
  const recordClues = (nodeId: string, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => ok(nodeId, RECORD_CLUE, { input: { nodeId, managedBy: 'County', cadreName: `某${i}`, cadrePosition: '科长', allegation: '—', source: '来信' } })));

  it('counts a burst of clues at every level above, by child, never with content', async () => {
    await Promise.all([recordClues('130102', 12), recordClues('130104', 5), recordClues('330102', 7)]);
    await federation.waitIdle();

    const central = await rollup('000000', {}, ['Clue']);
    expect(count(central.region.figures, 'Clue', 'recorded')).toBe(24);
    expect(central.items.map((i) => [i.nodeId, count(i.figures, 'Clue', 'recorded')])).toEqual([
      ['130000', 17],
      ['330000', 7],
    ]);
    // Drill down from central into a city's counties, as central holds them.
    const counties = await rollup('000000', { region: '130100', tier: 'County' }, ['Clue']);
    expect(counties.items.map((i) => [i.nodeId, count(i.figures, 'Clue', 'recorded')])).toEqual([
      ['130102', 12],
      ['130104', 5],
    ]);
    // By period (the month recorded, Beijing time): this month has them all, an old month none.
    const month = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
    const PERIOD = `query($from: String, $to: String) { analyticsRollup { region { figures(kinds: [Clue], periodFrom: $from, periodTo: $to) { counts { key value } } } } }`;
    const inPeriod = async (from: string, to: string) => (await ok<any>('000000', PERIOD, { from, to }, [Role.Analyst])).analyticsRollup.region.figures.counts;
    expect(await inPeriod(month, month)).toEqual([{ key: 'recorded', value: 24 }]);
    expect(await inPeriod('2000-01', '2000-12')).toEqual([]);
    // The city holds the same figures for its own subtree.
    const city = await rollup('130100', {}, ['Clue']);
    expect(count(city.region.figures, 'Clue', 'recorded')).toBe(17);
  });

  it('shows linkage-task units by child and state', async () => {
    const now = Date.now();
    await ok('000000', ISSUE, {
      input: { nodeId: '000000', kind: 'Regular', linkageType: 'Regional', title: '区域性联动', requirements: '—', focusPoints: [], scope: { nodeIds: ['130000', '330000'] }, startAt: new Date(now).toISOString(), deadline: new Date(now + 30 * DAY).toISOString() },
    });
    await federation.waitIdle();
    const central = await rollup('000000', {}, ['LinkageTask']);
    for (const item of central.items) expect(item.figures.counts.filter((c) => c.kind === 'LinkageTask').reduce((n, c) => n + c.value, 0)).toBe(1);
    // Each recipient's receipt moved its unit at central from issued to received, counted once.
    for (const item of central.items.filter((i) => ['130000', '330000'].includes(i.nodeId))) {
      expect([count(item.figures, 'LinkageTask', 'issued'), count(item.figures, 'LinkageTask', 'received')]).toEqual([0, 1]);
    }
  });

  it('catches up after a relay was offline, and its subtree’s stamp shows when it went quiet', async () => {
    const before = await rollup('000000', {}, ['Clue']);
    const zhejiangBefore = before.items.find((i) => i.nodeId === '330000')!;
    await federation.host('prov-330000').stop('SIGKILL');
    await recordClues('330102', 4);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const during = await rollup('000000', {}, ['Clue']);
    const zhejiangDuring = during.items.find((i) => i.nodeId === '330000')!;
    expect(count(zhejiangDuring.figures, 'Clue', 'recorded')).toBe(7);
    expect(zhejiangDuring.figures.lastUpdatedAt).toBe(zhejiangBefore.figures.lastUpdatedAt);

    await federation.host('prov-330000').start();
    await federation.waitIdle();
    const after = await rollup('000000', {}, ['Clue']);
    const zhejiangAfter = after.items.find((i) => i.nodeId === '330000')!;
    expect(count(zhejiangAfter.figures, 'Clue', 'recorded')).toBe(11);
    expect(new Date(zhejiangAfter.figures.lastUpdatedAt!).getTime()).toBeGreaterThan(new Date(zhejiangBefore.figures.lastUpdatedAt!).getTime());
  });

  it('rolls full-coverage (全覆盖) progress per term up to every level', async () => {
    const register = (nodeId: string, names: string[]) =>
      ok(nodeId, `mutation($input: ImportOrganisationsInput!) { importOrganisations(input: $input) { applied } }`, { input: { nodeId, rows: names.map((name) => ({ name, kind: name.endsWith('镇党委') ? 'township' : 'party_group', activeFrom: '2020-01-01' })) } });
    // A term around today, far from its end (so nothing is yet at risk).
    const year = new Date().getUTCFullYear();
    const term = `${year - 1}-${year + 4}`;
    const defineTerm = (nodeId: string) => ok(nodeId, `mutation($input: DefineTermInput!) { defineTerm(input: $input) { label } }`, { input: { nodeId, label: term, startsOn: `${year - 1}-01-01`, endsOn: `${year + 4}-06-30` } });
    await register('130102', ['县教育局党组', '县财政局党组', '县卫健委党组', '某镇党委']);
    await register('130000', ['省发改委党组', '省国资委党委']);
    await defineTerm('130102');
    await defineTerm('130000');
    // A round of the county inspects two of its four organisations (stationed within the term).
    const orgs = (await ok<{ organisations: { items: Array<{ id: string }> } }>('130102', `query { organisations(nodeId: "130102") { items { id } } }`, {})).organisations.items;
    const targetIds = orgs.slice(0, 2).map((org) => org.id);
    const stationOn = new Date(Date.now() - 2 * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10);
    const { planRound } = await ok<{ planRound: { id: string } }>('130102', `mutation($input: PlanRoundInput!) { planRound(input: $input) { id } }`, {
      input: { nodeId: '130102', year: Number(stationOn.slice(0, 4)), ordinal: 1, kind: 'Regular', targetIds, plannedStationOn: stationOn, plannedStationEndOn: stationOn, plannedFeedbackOn: stationOn },
    });
    await ok('130102', `mutation($input: ArrangeRoundInput!) { arrangeRound(input: $input) { id } }`, { input: { nodeId: '130102', roundId: planRound.id, teams: [{ name: '第一巡察组', leader: '某', targetIds }] } });
    await ok('130102', `mutation($input: RoundStepInput!) { stationRound(input: $input) { id } }`, { input: { nodeId: '130102', roundId: planRound.id, on: stationOn } });
    await federation.waitIdle();

    const figuresOf = async (nodeId: string, region?: string) =>
      (await ok<{ analyticsRollup: { region: { figures: { coverageRate: number; counts: Array<{ key: string; value: number; term: string }> } } } }>(
        nodeId,
        `query($filter: RollupFilter, $term: String) { analyticsRollup(filter: $filter) { region { figures(kinds: [Coverage], term: $term) { coverageRate counts { key term value } } } } }`,
        { filter: { region }, term },
        [Role.Analyst],
      )).analyticsRollup.region.figures;
    const central = await figuresOf('000000');
    // Scheduled while the round was planned, then inspected: a figure may stay behind at 0.
    expect(central.counts.filter((c) => c.value !== 0)).toEqual([
      { key: 'inspected', term, value: 2 },
      { key: 'organisations', term, value: 6 },
    ]);
    expect(central.coverageRate).toBeCloseTo(2 / 6);
    expect((await figuresOf('000000', '130100')).coverageRate).toBe(0.5);
    expect((await figuresOf('130100')).coverageRate).toBe(0.5);
  });

  it('pages, filters by tier and keeps analysts inside their subtree', async () => {
    const page1 = await rollup('000000', { tier: 'County', first: 3 }, ['Clue']);
    expect(page1.total).toBe(8);
    expect(page1.items).toHaveLength(3);
    const page2 = await rollup('000000', { tier: 'County', first: 10, after: page1.nextCursor }, ['Clue']);
    expect(page2.items.map((i) => i.nodeId)).toEqual(['130202', '130203', '330102', '330105', '330203', '330205'].filter((id) => id > page1.nextCursor!));
    expect(page2.nextCursor).toBeNull();
    const sibling = await federation.gql('130000', ROLLUP, { filter: { region: '330000' } }, [Role.Analyst]);
    expect(sibling.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_JURISDICTION' });
    const ancestor = await federation.gql('130100', ROLLUP, { filter: { region: '130000' } }, [Role.Analyst]);
    expect(ancestor.body.errors[0].extensions).toMatchObject({ reason: 'OUTSIDE_JURISDICTION' });
  });

  it('refuses abusive queries with a clear error before resolving anything', async () => {
    const heavy = await federation.gql('000000', ROLLUP, { filter: { tier: 'County', first: 200 } }, [Role.Analyst]);
    expect(heavy.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(heavy.body.errors[0].message).toMatch(/would cost \d+; at most 5000/);
  });

  it('keeps, through the triggers, exactly the figures a rebuild from the records gives', async () => {
    const snapshot = async (hostId: string, nodeId: string) =>
      federation.sql(hostId, `SELECT kind, subject_node_id, period, key, value::int AS value FROM analytics_figure WHERE holder_node_id = $1 AND value <> 0 ORDER BY 1, 2, 3, 4`, [nodeId]);
    for (const [hostId, nodeId] of [['central', '000000'], ['prov-130000', '130000'], ['local-130000', '130100']]) {
      const incremental = await snapshot(hostId, nodeId);
      expect(incremental.length).toBeGreaterThan(0);
      await federation.sql(hostId, `SELECT analytics_rebuild($1)`, [nodeId]);
      expect(await snapshot(hostId, nodeId)).toEqual(incremental);
    }
  });
});
