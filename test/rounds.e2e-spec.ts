import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Role } from '@app/federation/auth/caller';
import { DateTime } from 'luxon';
import { TestFederation } from './utils/federation';

const today = () => DateTime.now().setZone('Asia/Shanghai');
const day = (shift: { months?: number; days?: number; years?: number }) => today().plus(shift).toISODate()!;
const YEAR = today().year;

const IMPORT = `mutation($input: ImportOrganisationsInput!) { importOrganisations(input: $input) { applied created updated unchanged failed rows { row outcome name organisationId errors } } }`;
const ORGANISATIONS = `query($nodeId: ID!, $filter: OrganisationFilter, $page: PageInput) { organisations(nodeId: $nodeId, filter: $filter, page: $page) { total nextCursor items { id name kind inspectorNodeId regionNodeId homeNodeId own } } }`;
const ROUND = `id ownerNodeId roles state kind mode title revision stationedOn reportHeardOn handedOverOn lookBackOfRoundId revisitedRectificationIds
  teams { id name leader members fromNodeId targetIds } targets { organisationId name inspectorNodeId regionNodeId teamId feedbackReceivedOn rectificationId }
  events { act stateFrom stateTo happenedOn actor } planFiling { filingId status } arrangementFiling { filingId status }`;
const PLAN = `mutation($input: PlanRoundInput!) { planRound(input: $input) { ${ROUND} } }`;
const ARRANGE = `mutation($input: ArrangeRoundInput!) { arrangeRound(input: $input) { ${ROUND} } }`;
const STATION = `mutation($input: RoundStepInput!) { stationRound(input: $input) { ${ROUND} } }`;
const HEAR = `mutation($input: HearRoundReportInput!) { hearRoundReport(input: $input) { ${ROUND} } }`;
const FEEDBACK = `mutation($input: GiveRoundFeedbackInput!) { giveRoundFeedback(input: $input) { ${ROUND} } }`;
const HAND_OVER = `mutation($input: RoundStepInput!) { handRoundToRectification(input: $input) { ${ROUND} } }`;
const ROUNDS = `query($nodeId: ID!, $filter: RoundFilter) { rounds(nodeId: $nodeId, filter: $filter) { items { ${ROUND} } } }`;
const RECTIFICATIONS = `query($nodeId: ID!) { rectifications(nodeId: $nodeId) { id side status organisation organisationId roundId inspectedNodeId supervisingNodeId } }`;
const DETAIL = `query($nodeId: ID!, $id: ID!) { rectification(nodeId: $nodeId, id: $id) {
  rectification { id side status organisationId }
  problems { tasks { id measure status dueOn reopenings { reason previousStatus previousDueOn dueOn } } }
  reports { kind items { taskId measure done } }
  reopenings { taskId reason previousStatus dueOn }
  deadlines { kind status dueOn } } }`;
const PLAN_PROBLEM = `mutation($input: PlanRectificationProblemInput!) { planRectificationProblem(input: $input) { problems { tasks { id measure } } } }`;
const COMPLETE_TASK = `mutation($input: CompleteRectificationTaskInput!) { completeRectificationTask(input: $input) { status } }`;
const PROGRESS = `mutation($input: RectificationReportInput!) { submitRectificationProgressReport(input: $input) { status side } }`;
const FILINGS = `query($nodeId: ID!) { filings(nodeId: $nodeId, side: Reviewer) { id kind title status filerNodeId dueOn } }`;

type Org = { id: string; name: string; kind: string; inspectorNodeId: string; regionNodeId: string | null; homeNodeId: string; own: boolean };
type Round = {
  id: string;
  roles: string[];
  state: string;
  teams: Array<{ id: string; fromNodeId: string; targetIds: string[] }>;
  targets: Array<{ organisationId: string; rectificationId: string | null; feedbackReceivedOn: string | null }>;
  events: Array<{ act: string; stateTo: string; happenedOn: string }>;
  planFiling: { filingId: string; status: string } | null;
  arrangementFiling: { filingId: string; status: string } | null;
  revisitedRectificationIds: string[];
};

/**
 * Issue 15 on real hosts: registers of inspected organisations, rounds from plan to hand-over, the
 * rectification of an organisation without a node done by its own caller, 提级, 交叉, 回头看 and
 * 全覆盖 per term rolled up to central. Central, 河北省 and its cities and counties only.
 */
describe('inspected organisations and inspection rounds', () => {
  let federation: TestFederation;
  const orgs: Record<string, Org> = {};

  beforeAll(async () => {
    federation = await TestFederation.start({ boot: ['central', 'prov-130000', 'local-130000'], env: { DATABASE_POOL_SIZE: '4', COVERAGE_WARNING_DAYS: '120', COVERAGE_SWEEP_INTERVAL_MS: '1000' } });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function call<T = Record<string, any>>(nodeId: string, query: string, variables: Record<string, unknown> = {}, roles?: Role[]): Promise<T> {
    const res = await federation.gql(nodeId, query, variables, roles);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  async function refusal(nodeId: string, query: string, variables: Record<string, unknown> = {}, roles?: Role[]) {
    const res = await federation.gql(nodeId, query, variables, roles);
    expect(res.body.errors).toBeDefined();
    return res.body.errors[0].extensions;
  }

  const register = async (nodeId: string, rows: Array<Record<string, string | undefined>>) => {
    const { importOrganisations: report } = await call(nodeId, IMPORT, { input: { nodeId, rows } });
    expect(report).toMatchObject({ applied: true, failed: 0 });
    const { organisations } = await call(nodeId, ORGANISATIONS, { nodeId, filter: { inspectorNodeId: nodeId }, page: { first: 100 } });
    for (const org of organisations.items as Org[]) orgs[org.name] = org;
  };

  /** Plans, arranges (one team per target set), stations and hears the report; returns the round. */
  async function runRound(nodeId: string, input: Record<string, unknown>, teams: Array<Record<string, unknown>>): Promise<Round> {
    const { planRound } = await call<{ planRound: Round }>(nodeId, PLAN, { input: { nodeId, plannedStationOn: day({ days: -40 }), plannedStationEndOn: day({ days: -20 }), plannedFeedbackOn: day({ days: -10 }), ...input } });
    await call(nodeId, ARRANGE, { input: { nodeId, roundId: planRound.id, teams } });
    await call(nodeId, STATION, { input: { nodeId, roundId: planRound.id, on: day({ days: -40 }) } });
    const { hearRoundReport } = await call<{ hearRoundReport: Round }>(nodeId, HEAR, { input: { nodeId, roundId: planRound.id, stationEndedOn: day({ days: -20 }), on: day({ days: -15 }) } });
    return hearRoundReport;
  }

  describe('the register (被巡视巡察党组织名册)', () => {
    it('imports rows all or none, with a report per row, and again without changing anything', async () => {
      const rows = [
        { name: '国家发展和改革委员会党组', code: 'CN-NDRC', kind: '部门党组（党委）', cadreLevel: '中管', activeFrom: '2018-03-01' },
        { name: '中国石油天然气集团有限公司党组', code: 'CN-CNPC', kind: 'StateEnterprise', cadreLevel: 'central', activeFrom: '2017-12-01' },
        { name: '中共河北省委', kind: 'local_committee', regionNodeId: '130000', cadreLevel: '中管', activeFrom: '1949-08-01' },
      ];
      const bad = await call('000000', IMPORT, { input: { nodeId: '000000', rows: [...rows, { name: '某党委', kind: '不存在的类别', activeFrom: '2020-13-01' }, { name: '中共某区委', kind: '地方党委', regionNodeId: '130102', activeFrom: '2020-01-01' }] } });
      expect(bad.importOrganisations).toMatchObject({ applied: false, failed: 1, created: 4 });
      expect(bad.importOrganisations.rows[3]).toMatchObject({ row: 4, outcome: 'Failed' });
      expect(bad.importOrganisations.rows[3].errors.join(' ')).toMatch(/unknown kind.*activeFrom/);
      expect((await call('000000', ORGANISATIONS, { nodeId: '000000' })).organisations.total).toBe(0);

      await register('000000', rows);
      const again = await call('000000', IMPORT, { input: { nodeId: '000000', rows } });
      expect(again.importOrganisations).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: 3 });
      expect(orgs['中共河北省委']).toMatchObject({ kind: 'LocalCommittee', regionNodeId: '130000', homeNodeId: '130000', own: true });
      expect(orgs['国家发展和改革委员会党组']).toMatchObject({ homeNodeId: '000000', regionNodeId: null });
    });

    it('keeps each level’s register and copies of the registers below it', async () => {
      await register('130000', [
        { name: '河北省发展和改革委员会党组', kind: 'party_group', cadreLevel: 'provincial', activeFrom: '2018-10-01' },
        { name: '河北省人民政府国有资产监督管理委员会党委', kind: 'party_group', cadreLevel: 'provincial', activeFrom: '2004-06-01' },
        { name: '河北大学党委', kind: 'university', cadreLevel: 'provincial', activeFrom: '1921-01-01' },
        { name: '中共石家庄市委', kind: 'local_committee', regionNodeId: '130100', cadreLevel: 'provincial', activeFrom: '1947-11-12' },
        { name: '中共唐山市委', kind: 'local_committee', regionNodeId: '130200', cadreLevel: 'provincial', activeFrom: '1948-12-12' },
      ]);
      await register('130100', [
        { name: '中共长安区委', kind: 'local_committee', regionNodeId: '130102', cadreLevel: 'municipal', activeFrom: '1955-01-01' },
        { name: '中共桥西区委', kind: 'local_committee', regionNodeId: '130104', cadreLevel: 'municipal', activeFrom: '1955-01-01' },
        { name: '石家庄学院党委', kind: 'university', cadreLevel: 'municipal', activeFrom: '2004-05-01' },
        { name: '石家庄市教育局党组', kind: 'party_group', cadreLevel: 'municipal', activeFrom: '2019-01-01' },
      ]);
      await register('130200', [
        { name: '中共路南区委', kind: 'local_committee', regionNodeId: '130202', cadreLevel: 'municipal', activeFrom: '1955-01-01' },
        { name: '中共路北区委', kind: 'local_committee', regionNodeId: '130203', cadreLevel: 'municipal', activeFrom: '1955-01-01' },
        { name: '唐山学院党委', kind: 'university', cadreLevel: 'municipal', activeFrom: '2002-03-01' },
      ]);
      await federation.waitIdle();

      const universities = await call('000000', ORGANISATIONS, { nodeId: '000000', filter: { kinds: ['University'], under: '130000' } });
      expect(universities.organisations.items.map((o: Org) => [o.name, o.inspectorNodeId, o.own])).toEqual([
        ['唐山学院党委', '130200', false],
        ['河北大学党委', '130000', false],
        ['石家庄学院党委', '130100', false],
      ]);
      const page = await call('130000', ORGANISATIONS, { nodeId: '130000', page: { first: 5 } });
      expect(page.organisations).toMatchObject({ total: 12 });
      const next = await call('130000', ORGANISATIONS, { nodeId: '130000', page: { first: 5, after: page.organisations.nextCursor } });
      expect(next.organisations.items.map((o: Org) => o.name)).not.toContain(page.organisations.items[0].name);
      // A county sees nothing above it.
      expect(await refusal('130102', ORGANISATIONS, { nodeId: '130100' })).toMatchObject({ reason: 'OUTSIDE_JURISDICTION' });
    });
    it('imports a CSV file through the CLI, reporting wrong rows and changing nothing until they are right', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'register-'));
      const cli = (file: string) =>
        promisify(execFile)(process.execPath, [join(__dirname, '..', 'dist', 'tools', 'organisations', 'cli.js'), 'import', '--node', '130104', '--file', file, '--url', `${federation.hostOf('130104').url}/graphql`]).then(
          (done) => ({ code: 0, out: done.stdout }),
          (failed: { code: number; stdout: string }) => ({ code: failed.code, out: failed.stdout }),
        );
      const header = '名称,类别,管理权限,设立日期\n';
      writeFileSync(join(dir, 'bad.csv'), `${header}桥西区东里街道党工委,乡镇（街道）党（工）委,县管,2000-01-01\n桥西区某局党组,局党组,县管,2019-03-01\n`);
      const bad = await cli(join(dir, 'bad.csv'));
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('row 2 (桥西区某局党组): unknown kind "局党组"');
      expect(bad.out).toContain('not applied');
      writeFileSync(join(dir, 'good.csv'), `${header}桥西区东里街道党工委,乡镇（街道）党（工）委,县管,2000-01-01\n"桥西区教育局党组",部门党组（党委）,县管,2019-03-01\n`);
      expect(await cli(join(dir, 'good.csv'))).toEqual({ code: 0, out: 'applied: 2 created, 0 updated, 0 unchanged, 0 wrong of 2 rows\n' });
      expect(await cli(join(dir, 'good.csv'))).toEqual({ code: 0, out: 'applied: 0 created, 0 updated, 2 unchanged, 0 wrong of 2 rows\n' });
      expect((await call('130104', ORGANISATIONS, { nodeId: '130104' })).organisations.total).toBe(2);
      rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('a central round of two central organisations without a node', () => {
    let round: Round;
    let orgToken: string;

    it('runs the round from plan to hand-over, every step dated, and opens one rectification per target at central', async () => {
      const targets = [orgs['国家发展和改革委员会党组'].id, orgs['中国石油天然气集团有限公司党组'].id];
      round = await runRound('000000', { year: Number(day({ days: -40 }).slice(0, 4)), ordinal: 1, kind: 'Regular', targetIds: targets }, [
        { name: '中央第一巡视组', leader: '张某', members: ['李某', '王某'], targetIds: [targets[0]] },
        { name: '中央第二巡视组', leader: '赵某', members: ['钱某'], targetIds: [targets[1]] },
      ]);
      const given = await call<{ giveRoundFeedback: Round }>('000000', FEEDBACK, {
        input: { nodeId: '000000', roundId: round.id, feedback: targets.map((organisationId) => ({ organisationId, feedbackReceivedOn: day({ days: -10 }), summary: '落实新发展理念不够到位' })) },
      });
      expect(given.giveRoundFeedback.state).toBe('FeedbackGiven');
      const closed = (await call<{ handRoundToRectification: Round }>('000000', HAND_OVER, { input: { nodeId: '000000', roundId: round.id, on: day({ days: -5 }) } })).handRoundToRectification;
      expect(closed.state).toBe('HandedOver');
      expect(closed.events.map((e) => [e.stateTo, e.happenedOn])).toEqual([
        ['Planned', day({})],
        ['Planned', day({})],
        ['Stationed', day({ days: -40 })],
        ['ReportHeard', day({ days: -15 })],
        ['FeedbackGiven', day({ days: -10 })],
        ['HandedOver', day({ days: -5 })],
      ]);
      expect(closed.planFiling).toBeNull();
      round = closed;
      const rectifications = (await call('000000', RECTIFICATIONS, { nodeId: '000000' })).rectifications;
      expect(rectifications).toHaveLength(2);
      expect(rectifications.every((r: { supervisingNodeId: string; inspectedNodeId: string; roundId: string }) => r.supervisingNodeId === '000000' && r.inspectedNodeId === '000000' && r.roundId === round.id)).toBe(true);
      const [{ n }] = await federation.sql('central', `SELECT count(*)::int AS n FROM audit_log WHERE operation IN ('Mutation.stationRound', 'Mutation.giveRoundFeedback') AND outcome = 'ok'`);
      expect(n).toBe(2);
    });

    it('lets the organisation’s own caller, created by central’s administrator, work through its rectification alone', async () => {
      const ndrc = orgs['国家发展和改革委员会党组'].id;
      await call(
        '000000',
        `mutation($input: CreateAccountInput!) { createAccount(input: $input) { organisationId roles } }`,
        { input: { nodeId: '000000', username: 'ndrc-rectification', displayName: '发展改革委整改办', roles: ['InspectedOrganisation'], organisationId: ndrc, password: 'zhenggai2025' } },
        [Role.Administrator],
      );
      const login = await federation.hostOf('000000').graphql(`mutation { login(username: "ndrc-rectification", password: "zhenggai2025") { token viewer { organisationId roles } } }`);
      expect(login.body.data.login.viewer).toEqual({ organisationId: ndrc, roles: ['InspectedOrganisation'] });
      orgToken = login.body.data.login.token;
      const asOrg = (query: string, variables: Record<string, unknown> = {}) => federation.hostOf('000000').graphql(query, variables, orgToken);

      const own = (await asOrg(RECTIFICATIONS, { nodeId: '000000' })).body.data.rectifications;
      expect(own).toHaveLength(1);
      expect(own[0]).toMatchObject({ organisationId: ndrc, side: 'Inspected', status: 'Concentrated' });
      const rectificationId = own[0].id;

      // Central's office may not act for an organisation that has its own people.
      const office = await refusal('000000', PLAN_PROBLEM, { input: { nodeId: '000000', rectificationId, description: '代办', tasks: [{ measure: 'm', responsible: 'r', dueOn: day({}) }] } });
      expect(office).toMatchObject({ code: 'FORBIDDEN', reason: 'ORGANISATION_ACTS_ITSELF' });

      const planned = await asOrg(PLAN_PROBLEM, { input: { nodeId: '000000', rectificationId, description: '统筹区域协调发展不够', tasks: [{ measure: '制定专项整改方案', responsible: '规划司', dueOn: day({ days: 20 }) }] } });
      expect(planned.body.errors).toBeUndefined();
      const reported = await asOrg(PROGRESS, { input: { nodeId: '000000', rectificationId, summary: '集中整改进展情况' } });
      expect(reported.body.data.submitRectificationProgressReport).toEqual({ status: 'ProgressReported', side: 'Inspected' });
      const atCentral = (await call('000000', DETAIL, { nodeId: '000000', id: rectificationId }, [Role.Discipline])).rectification;
      expect(atCentral.rectification).toMatchObject({ side: 'Supervising', status: 'ProgressReported' });
      expect(atCentral.reports.map((r: { kind: string }) => r.kind)).toEqual(['Progress']);
      expect(atCentral.deadlines.find((d: { kind: string }) => d.kind === 'ProgressReport')).toMatchObject({ status: 'Met' });
    });

    it('keeps an organisation’s caller to its own organisation', async () => {
      const asOrg = (query: string, variables: Record<string, unknown> = {}) => federation.hostOf('000000').graphql(query, variables, orgToken);
      const other = orgs['中国石油天然气集团有限公司党组'].id;
      const readOther = await asOrg(`query($id: ID!) { organisation(nodeId: "000000", id: $id) { name } }`, { id: other });
      expect(readOther.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORGANISATION_SCOPED' });
      const otherRectification = round.targets.find((t) => t.organisationId === other)!.rectificationId;
      const detail = await asOrg(DETAIL, { nodeId: '000000', id: otherRectification });
      expect(detail.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORGANISATION_SCOPED' });
      // Node-wide reads: refused by role where a role is asked, by scope everywhere else.
      expect((await asOrg(ROUNDS, { nodeId: '000000' })).body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' });
      expect((await asOrg(`query($nodeId: ID!) { filings(nodeId: $nodeId) { id } }`, { nodeId: '000000' })).body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORGANISATION_SCOPED' });
      const own = await asOrg(`query($id: ID!) { organisation(nodeId: "000000", id: $id) { name } }`, { id: orgs['国家发展和改革委员会党组'].id });
      expect(own.body.data.organisation.name).toBe('国家发展和改革委员会党组');
    });
  });

  describe('提级, 交叉 and 回头看 in 河北省', () => {
    let elevated: Round;
    let rectificationId: string;
    let taskId: string;

    it('records a province’s elevated inspection of a county committee at the province, the city and the county, and files plan and arrangement with central', async () => {
      const changan = orgs['中共长安区委'];
      elevated = await runRound('130000', { year: Number(day({ days: -40 }).slice(0, 4)), ordinal: 2, kind: 'Special', mode: 'Elevated', targetIds: [changan.id] }, [
        { name: '省委第三巡视组', leader: '孙某', members: ['周某'], targetIds: [changan.id] },
      ]);
      expect(elevated.planFiling).toMatchObject({ status: 'Submitted' });
      await call('130000', FEEDBACK, { input: { nodeId: '130000', roundId: elevated.id, feedback: [{ organisationId: changan.id, feedbackReceivedOn: day({ days: -10 }), summary: '基层党建薄弱' }] } });
      await federation.waitIdle();

      const atCentral = (await call('000000', FILINGS, { nodeId: '000000' })).filings.filter((f: { filerNodeId: string }) => f.filerNodeId === '130000');
      expect(atCentral.map((f: { kind: string; status: string }) => [f.kind, f.status]).sort()).toEqual([
        ['InspectionPlan', 'Submitted'],
        ['RoundArrangement', 'Submitted'],
      ]);
      for (const [nodeId, role] of [
        ['130100', 'Inspected'],
        ['130102', 'Inspected'],
      ]) {
        const held = (await call(nodeId, ROUNDS, { nodeId })).rounds.items.find((r: Round) => r.id === elevated.id);
        expect(held).toMatchObject({ roles: [role], state: 'FeedbackGiven' });
      }
      const atCounty = (await call('130102', RECTIFICATIONS, { nodeId: '130102' })).rectifications;
      expect(atCounty).toEqual([expect.objectContaining({ side: 'Inspected', supervisingNodeId: '130000', organisationId: changan.id, roundId: elevated.id })]);
      rectificationId = atCounty[0].id;

      // The county's own office acts for its committee; its report reaches the province, two levels up.
      const planned = await call('130102', PLAN_PROBLEM, { input: { nodeId: '130102', rectificationId, description: '软弱涣散党组织整顿不彻底', tasks: [{ measure: '整顿软弱涣散村党组织', responsible: '区委组织部', dueOn: day({ days: 10 }) }] } });
      taskId = planned.planRectificationProblem.problems[0].tasks[0].id;
      await call('130102', COMPLETE_TASK, { input: { nodeId: '130102', taskId, note: '已整顿' } });
      await call('130102', PROGRESS, { input: { nodeId: '130102', rectificationId, summary: '集中整改进展情况' } });
      await federation.waitIdle();
      const atProvince = (await call('130000', DETAIL, { nodeId: '130000', id: rectificationId }, [Role.Discipline])).rectification;
      expect(atProvince.rectification.status).toBe('ProgressReported');
      expect(atProvince.reports[0].items).toEqual([{ taskId, measure: '整顿软弱涣散村党组织', done: true }]);
    });

    it('records a cross inspection arranged by the province at the province, the team’s city, the target’s city and its county', async () => {
      const lunan = orgs['中共路南区委'];
      const wrongTeam = await call('130000', PLAN, { input: { nodeId: '130000', year: YEAR, ordinal: 3, kind: 'Regular', mode: 'Cross', targetIds: [lunan.id], plannedStationOn: day({}), plannedStationEndOn: day({ days: 20 }), plannedFeedbackOn: day({ days: 30 }) } });
      const ownLine = await refusal('130000', ARRANGE, { input: { nodeId: '130000', roundId: wrongTeam.planRound.id, teams: [{ name: '唐山市交叉巡察组', leader: '吴某', fromNodeId: '130200', targetIds: [lunan.id] }] } });
      expect(ownLine).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ROUND_TEAM' });
      const teams = [{ name: '石家庄市交叉巡察组', leader: '郑某', members: ['冯某'], fromNodeId: '130100', targetIds: [lunan.id] }];
      const arranged = (await call<{ arrangeRound: Round }>('130000', ARRANGE, { input: { nodeId: '130000', roundId: wrongTeam.planRound.id, teams } })).arrangeRound;
      // Filed with central, the arrangement is locked until central returns it; then it is filed again.
      expect(await refusal('130000', ARRANGE, { input: { nodeId: '130000', roundId: wrongTeam.planRound.id, teams } })).toMatchObject({ code: 'CONFLICT', reason: 'ROUND_ARRANGEMENT_LOCKED' });
      await federation.waitIdle();
      const filingId = arranged.arrangementFiling!.filingId;
      await call('000000', `mutation($input: ReturnFilingInput!) { returnFiling(input: $input) { status } }`, { input: { nodeId: '000000', filingId, reasons: '未列明巡察组副组长' } });
      await federation.waitIdle();
      const again = (await call<{ arrangeRound: Round }>('130000', ARRANGE, { input: { nodeId: '130000', roundId: wrongTeam.planRound.id, teams: [{ ...teams[0], members: ['冯某', '副组长 褚某'] }] } })).arrangeRound;
      expect(again.arrangementFiling).toEqual({ filingId, status: 'Submitted' });
      await call('130000', STATION, { input: { nodeId: '130000', roundId: wrongTeam.planRound.id, on: day({}) } });
      await federation.waitIdle();
      const roles: Record<string, string[]> = {};
      for (const nodeId of ['130000', '130100', '130200', '130202']) {
        const held = (await call(nodeId, ROUNDS, { nodeId, filter: { modes: ['Cross'] } })).rounds.items;
        expect(held).toHaveLength(1);
        expect(held[0]).toMatchObject({ id: wrongTeam.planRound.id, state: 'Stationed', mode: 'Cross' });
        roles[nodeId] = held[0].roles;
      }
      expect(roles).toEqual({ '130000': ['Arranging'], '130100': ['Inspecting'], '130200': ['Inspected'], '130202': ['Inspected'] });
      expect((await call('130203', ROUNDS, { nodeId: '130203' })).rounds.items).toEqual([]);
    });

    it('reopens an item through a look-back round, keeping the old state beside the new', async () => {
      const lookBack = await runRound('130000', { year: YEAR, ordinal: 4, kind: 'LookBack', mode: 'Elevated', lookBack: { roundId: elevated.id, rectificationIds: [rectificationId] } }, [
        { name: '省委回头看组', leader: '陈某', targetIds: [orgs['中共长安区委'].id] },
      ]);
      expect(lookBack).toMatchObject({ lookBackOfRoundId: elevated.id, revisitedRectificationIds: [rectificationId] });
      const dueOn = day({ days: 45 });
      await call('130000', `mutation($input: ReopenRectificationItemsInput!) { reopenRectificationItems(input: $input) { id } }`, {
        input: { nodeId: '130000', roundId: lookBack.id, rectificationId, items: [{ taskId, reason: '回头看发现整顿流于形式', dueOn }] },
      });
      await federation.waitIdle();
      const atCounty = (await call('130102', DETAIL, { nodeId: '130102', id: rectificationId })).rectification;
      expect(atCounty.problems[0].tasks[0]).toMatchObject({ status: 'Open', dueOn, reopenings: [{ reason: '回头看发现整顿流于形式', previousStatus: 'Done', previousDueOn: day({ days: 10 }), dueOn }] });
      expect(atCounty.deadlines.filter((d: { kind: string }) => d.kind === 'RectificationTask').map((d: { status: string; dueOn: string }) => [d.status, d.dueOn])).toEqual([
        ['Met', day({ days: 10 })],
        ['Open', dueOn],
      ]);
      const atProvince = (await call('130000', DETAIL, { nodeId: '130000', id: rectificationId })).rectification;
      expect(atProvince.reopenings).toEqual([{ taskId, reason: '回头看发现整顿流于形式', previousStatus: 'Done', dueOn }]);
    });

    it('refuses a round of an organisation the node does not inspect, and bad dates, changing nothing', async () => {
      const before = await federation.sql('local-130000', `SELECT count(*)::int AS n FROM inspection_round`);
      const notOurs = await refusal('130102', PLAN, { input: { nodeId: '130102', year: YEAR, ordinal: 1, kind: 'Regular', targetIds: [orgs['中共长安区委'].id], plannedStationOn: day({}), plannedStationEndOn: day({ days: 10 }), plannedFeedbackOn: day({ days: 20 }) } });
      expect(notOurs).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_THE_INSPECTING_NODE' });
      const copyAsOwn = await refusal('130000', PLAN, { input: { nodeId: '130000', year: YEAR, ordinal: 9, kind: 'Regular', targetIds: [orgs['中共长安区委'].id], plannedStationOn: day({}), plannedStationEndOn: day({ days: 10 }), plannedFeedbackOn: day({ days: 20 }) } });
      expect(copyAsOwn).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_THE_INSPECTING_NODE' });
      const backwards = await refusal('130100', PLAN, { input: { nodeId: '130100', year: YEAR, ordinal: 1, kind: 'Regular', targetIds: [orgs['石家庄学院党委'].id], plannedStationOn: day({ days: 10 }), plannedStationEndOn: day({}), plannedFeedbackOn: day({ days: 20 }) } });
      expect(backwards).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DATE' });
      const badInput = await refusal('130100', PLAN, { input: { nodeId: '130100', year: 1800, ordinal: 0, kind: 'Regular', targetIds: ['x'], plannedStationOn: 'soon', plannedStationEndOn: day({}), plannedFeedbackOn: day({}) } });
      expect(badInput).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await federation.sql('local-130000', `SELECT count(*)::int AS n FROM inspection_round`)).toEqual(before);
    });
  });

  describe('系统性联动 by organisation kind', () => {
    const ISSUE = `mutation($input: IssueLinkageTaskInput!) { issueLinkageTask(input: $input) { id } }`;
    const TASK = `query($nodeId: ID!, $id: ID!) { linkageTask(nodeId: $nodeId, id: $id) { role recipients { recipientId state } scope { organisationKinds organisations { name inspectorNodeId } } } }`;
    const task = (scope: Record<string, unknown>) => ({
      nodeId: '000000',
      kind: 'Special',
      linkageType: 'Systemic',
      title: '高校党委专项巡视巡察联动',
      requirements: '聚焦办学治校、立德树人',
      focusPoints: [],
      scope,
      startAt: new Date().toISOString(),
      deadline: new Date(Date.now() + 60 * 24 * 3600 * 1000).toISOString(),
    });

    it('reaches the nodes that inspect every 高校党委 of a province, naming the organisations', async () => {
      const { issueLinkageTask } = await call('000000', ISSUE, { input: task({ organisationKinds: ['university'], under: '130000' }) });
      await federation.waitIdle();
      const atCentral = (await call('000000', TASK, { nodeId: '000000', id: issueLinkageTask.id })).linkageTask;
      expect(atCentral.recipients.map((r: { recipientId: string }) => r.recipientId).sort()).toEqual(['130000', '130100', '130200']);
      const atCity = (await call('130100', TASK, { nodeId: '130100', id: issueLinkageTask.id })).linkageTask;
      expect(atCity).toMatchObject({ role: 'Recipient', recipients: [{ recipientId: '130100', state: 'Received' }] });
      expect(atCity.scope.organisations.filter((o: { inspectorNodeId: string }) => o.inspectorNodeId === '130100')).toEqual([{ name: '石家庄学院党委', inspectorNodeId: '130100' }]);
      expect(atCity.scope.organisations.map((o: { name: string }) => o.name).sort()).toEqual(['唐山学院党委', '河北大学党委', '石家庄学院党委']);
      // 唐山's counties inspect no university: the task does not reach them.
      expect((await federation.gql('130202', TASK, { nodeId: '130202', id: issueLinkageTask.id })).body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses a kind scope mixed with another, or finding no organisation', async () => {
      expect(await refusal('000000', ISSUE, { input: task({ organisationKinds: ['university'], tier: 'Municipal' }) })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SCOPE_AMBIGUOUS' });
      expect(await refusal('000000', ISSUE, { input: task({ organisationKinds: ['village'], under: '130000' }) })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SCOPE_EMPTY' });
      expect(await refusal('000000', ISSUE, { input: task({ organisationKinds: ['no_such_kind'] }) })).toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });

  describe('全覆盖 per term', () => {
    it('counts the register against the rounds of the term, warns upward near the end, and rolls up to central', async () => {
      const term = `${YEAR}-${YEAR + 5}`;
      const ending = { label: `${YEAR - 4}-${YEAR + 1}`, startsOn: `${YEAR - 4}-01-01`, endsOn: day({ days: 60 }) };
      await call('130100', `mutation($input: DefineTermInput!) { defineTerm(input: $input) { label current } }`, { input: { nodeId: '130100', label: term, startsOn: `${YEAR}-01-01`, endsOn: `${YEAR + 5}-06-30` } });
      await call('130200', `mutation($input: DefineTermInput!) { defineTerm(input: $input) { label current daysLeft } }`, { input: { nodeId: '130200', ...ending } });
      const overlap = await refusal('130200', `mutation($input: DefineTermInput!) { defineTerm(input: $input) { label } }`, { input: { nodeId: '130200', label: `${YEAR}-${YEAR + 5}`, startsOn: day({ days: 30 }), endsOn: `${YEAR + 5}-06-30` } });
      expect(overlap).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TERM' });
      await federation.waitIdle();

      // 石家庄市: 长安区委 inspected (by the province's elevated round, stationed this term) of four.
      const city = (await call('130100', `query($t: String!) { termCoverage(nodeId: "130100", term: $t) { figures { organisations inspected scheduled atRisk rate } organisations { name status } } }`, { t: term })).termCoverage;
      if (day({ days: -40 }).slice(0, 4) === String(YEAR)) {
        expect(city.figures).toMatchObject({ organisations: 4, inspected: 1, scheduled: 0, atRisk: 0, rate: 0.25 });
        expect(city.organisations.find((o: { name: string }) => o.name === '中共长安区委').status).toBe('Inspected');
      }
      // 唐山市: its term ends within the warning window; 路南区委 is inspected (the cross round), 路北区委 and 唐山学院 are not scheduled.
      const tangshan = (await call('130200', `query($t: String!) { termCoverage(nodeId: "130200", term: $t) { figures { organisations inspected scheduled atRisk } } }`, { t: ending.label })).termCoverage;
      expect(tangshan.figures).toEqual({ organisations: 3, inspected: 1, scheduled: 0, atRisk: 2 });
      for (const viewer of ['130000', '000000']) {
        const warnings = (await call(viewer, `query($n: ID!) { coverageWarnings(nodeId: $n) { nodeId term atRisk daysLeft } }`, { n: viewer }, [Role.LeadingGroup])).coverageWarnings;
        expect(warnings).toEqual([{ nodeId: '130200', term: ending.label, atRisk: 2, daysLeft: 60 }]);
      }
      // Rolled up to central, drilled down to the cities of 河北省.
      const ROLLUP = `query($t: String!, $d: CoverageDrillInput) { coverageRollup(nodeId: "000000", term: $t, drill: $d) { region { nodeId figures { organisations inspected atRisk } } items { nodeId figures { organisations inspected atRisk rate } } } }`;
      const top = (await call('000000', ROLLUP, { t: ending.label }, [Role.Analyst])).coverageRollup;
      expect(top.items.find((i: { nodeId: string }) => i.nodeId === '130000').figures).toMatchObject({ organisations: 3, inspected: 1, atRisk: 2 });
      const cities = (await call('000000', ROLLUP, { t: ending.label, d: { region: '130000' } }, [Role.Analyst])).coverageRollup;
      expect(cities.items.map((i: { nodeId: string; figures: { organisations: number } }) => [i.nodeId, i.figures.organisations])).toEqual([
        ['130100', 0],
        ['130200', 3],
      ]);
    });
  });
});
