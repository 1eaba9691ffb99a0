import { Role } from '@app/federation/auth/caller';
import { DateTime } from 'luxon';
import { TestFederation } from './utils/federation';

const FILING = `id chainId filerNodeId reviewerNodeId side kind title dueOn consolidated status version returnReasons returnedBy mustActNodeId`;
const REQUEST = `mutation($input: RequestFilingsInput!) { requestFilings(input: $input) { ${FILING} } }`;
const SUBMIT = `mutation($input: SubmitFilingInput!) { submitFiling(input: $input) { ${FILING} } }`;
const ACCEPT = `mutation($input: AcceptFilingInput!) { acceptFiling(input: $input) { ${FILING} } }`;
const RETURN = `mutation($input: ReturnFilingInput!) { returnFiling(input: $input) { ${FILING} } }`;
const FILINGS = `query($nodeId: ID!, $side: FilingSide, $chainId: ID) { filings(nodeId: $nodeId, side: $side, chainId: $chainId) { ${FILING} } }`;
const CHAIN = `query($nodeId: ID!, $chainId: ID!) { approvalChain(nodeId: $nodeId, chainId: $chainId) { filingId filerNodeId reviewerNodeId status version waitingOn blockedBy } }`;

interface Filing {
  id: string;
  chainId: string;
  filerNodeId: string;
  reviewerNodeId: string;
  side: string;
  status: string;
  version: number;
  returnReasons: string | null;
  returnedBy: string | null;
  mustActNodeId: string | null;
}
interface Link {
  filingId: string;
  filerNodeId: string;
  reviewerNodeId: string;
  status: string;
  version: number;
  waitingOn: string | null;
  blockedBy: string[];
}

const inDays = (days: number) => DateTime.now().setZone('Asia/Shanghai').plus({ days }).toISODate()!;

/** Filings (报备), the approval chain of consolidated reports and outcome sharing over the four tiers of the demo tree. */
describe('upward flows: filings, the approval chain and shared outcomes', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ env: { DEADLINE_SWEEP_INTERVAL_MS: '500' } });
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
    return res.body.errors[0];
  }

  async function filingsOf(nodeId: string, side?: string, chainId?: string): Promise<Filing[]> {
    return (await call<{ filings: Filing[] }>(nodeId, FILINGS, { nodeId, side, chainId })).filings;
  }

  async function ownFiling(nodeId: string, chainId: string): Promise<Filing> {
    const [filing] = await filingsOf(nodeId, 'Filer', chainId);
    expect(filing).toBeDefined();
    return filing;
  }

  async function reviewed(nodeId: string, chainId: string, filer: string): Promise<Filing> {
    const found = (await filingsOf(nodeId, 'Reviewer', chainId)).find((filing) => filing.filerNodeId === filer);
    expect(found).toBeDefined();
    return found!;
  }

  async function chain(nodeId: string, chainId: string): Promise<Map<string, Link>> {
    const links = (await call<{ approvalChain: Link[] }>(nodeId, CHAIN, { nodeId, chainId })).approvalChain;
    return new Map(links.map((link) => [link.filerNodeId, link]));
  }

  const submit = (nodeId: string, filingId: string, content: string) => call(nodeId, SUBMIT, { input: { nodeId, filingId, content } });
  const accept = (nodeId: string, filingId: string) => call(nodeId, ACCEPT, { input: { nodeId, filingId } });

  describe('a city asks its counties for round arrangements', () => {
    let chainId: string;

    it('asks every county and shows the filing, with its deadline, at the county, the city and the province', async () => {
      const { requestFilings } = await call(/* city */ '130100', REQUEST, { input: { nodeId: '130100', kind: 'RoundArrangement', title: '第一轮巡察工作安排', dueOn: inDays(10) } });
      expect(requestFilings.map((f: Filing) => f.filerNodeId)).toEqual(['130102', '130104']);
      chainId = requestFilings[0].chainId;
      await federation.waitIdle();

      const atCounty = await ownFiling('130102', chainId);
      expect(atCounty).toMatchObject({ side: 'Filer', status: 'Requested', reviewerNodeId: '130100', version: 0 });
      const deadlinesQuery = `query($nodeId: ID!) { deadlines(nodeId: $nodeId) { ownerNodeId kind subjectId dueOn status } }`;
      for (const viewer of ['130102', '130100', '130000', '000000']) {
        const { deadlines } = await call(viewer, deadlinesQuery, { nodeId: viewer });
        expect(deadlines).toContainEqual({ ownerNodeId: '130102', kind: 'Filing', subjectId: atCounty.id, dueOn: inDays(10), status: 'Open' });
      }
    });

    it('returns a filing with reasons and takes a versioned resubmission', async () => {
      const filing = await ownFiling('130102', chainId);
      await submit('130102', filing.id, '安排：巡察3个乡镇');
      await federation.waitIdle();
      expect(await reviewed('130100', chainId, '130102')).toMatchObject({ status: 'Submitted', version: 1 });

      await call('130100', RETURN, { input: { nodeId: '130100', filingId: filing.id, reasons: '未列明巡察组组长' } });
      await federation.waitIdle();
      expect(await ownFiling('130102', chainId)).toMatchObject({ status: 'Returned', returnReasons: '未列明巡察组组长', mustActNodeId: '130102', returnedBy: '130100' });

      await submit('130102', filing.id, '安排：巡察3个乡镇，组长张三');
      await federation.waitIdle();
      await accept('130100', filing.id);
      await federation.waitIdle();
      expect(await ownFiling('130102', chainId)).toMatchObject({ status: 'Accepted', version: 2 });

      const { filing: detail } = await call('130100', `query($id: ID!) { filing(nodeId: "130100", id: $id) { versions { version content decision remarks } } }`, { id: filing.id });
      expect(detail.versions).toEqual([
        { version: 2, content: '安排：巡察3个乡镇，组长张三', decision: 'Accepted', remarks: null },
        { version: 1, content: '安排：巡察3个乡镇', decision: 'Returned', remarks: '未列明巡察组组长' },
      ]);
    });

    it('locks accepted content: a new version needs a return first', async () => {
      const filing = await ownFiling('130102', chainId);
      const error = await refusal('130102', SUBMIT, { input: { nodeId: '130102', filingId: filing.id, content: '改动' } });
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FILING_LOCKED' });
      expect(await ownFiling('130102', chainId)).toMatchObject({ status: 'Accepted', version: 2 });
    });

    it('computes the on-time filing rate of each child', async () => {
      const { filingRates } = await call('130100', `{ filingRates(nodeId: "130100") { childNodeId counted onTime rate } }`);
      expect(filingRates).toEqual([
        { childNodeId: '130102', counted: 1, onTime: 1, rate: 1 },
        { childNodeId: '130104', counted: 0, onTime: 0, rate: null },
      ]);
    });

    it('marks the filing deadline met at the county and in the copies above it', async () => {
      const filing = await ownFiling('130102', chainId);
      const query = `query($nodeId: ID!) { deadlines(nodeId: $nodeId, statuses: [Met]) { subjectId status late } }`;
      for (const viewer of ['130102', '130100', '130000']) {
        expect((await call(viewer, query, { nodeId: viewer })).deadlines).toContainEqual({ subjectId: filing.id, status: 'Met', late: false });
      }
    });
  });

  describe('the approval chain of a consolidated report from central', () => {
    let chainId: string;
    const COUNTIES_130000 = ['130102', '130104', '130202', '130203'];

    it('asks every level down to the counties, and each level sees the chain below it', async () => {
      const { requestFilings } = await call('000000', REQUEST, {
        input: { nodeId: '000000', kind: 'InspectionReport', title: '2025年度巡视巡察工作情况报告', dueOn: inDays(30), consolidated: true },
      });
      expect(requestFilings.map((f: Filing) => f.filerNodeId)).toEqual(['130000', '330000']);
      chainId = requestFilings[0].chainId;
      await federation.waitIdle();

      expect((await chain('000000', chainId)).size).toBe(2 + 4 + 8);
      const atProvince = await chain('130000', chainId);
      expect([...atProvince.keys()].sort()).toEqual(['130000', '130100', '130102', '130104', '130200', '130202', '130203']);
      expect(atProvince.get('130000')).toMatchObject({ status: 'Requested', waitingOn: '130000', blockedBy: ['130100', '130200'] });
      expect((await chain('130102', chainId)).size).toBe(1);
    });

    it('keeps a consolidated report from going up before every child has filed and been accepted', async () => {
      const own = await ownFiling('130100', chainId);
      const error = await refusal('130100', SUBMIT, { input: { nodeId: '130100', filingId: own.id, content: '石家庄市汇总' } });
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CHILDREN_NOT_ACCEPTED', pending: ['130102', '130104'] });
    });

    it('carries the report up level by level: counties, cities, the province', async () => {
      for (const county of COUNTIES_130000) await submit(county, (await ownFiling(county, chainId)).id, `${county} 报告 v1`);
      await federation.waitIdle();
      for (const county of COUNTIES_130000) {
        const city = `${county.slice(0, 4)}00`;
        await accept(city, (await reviewed(city, chainId, county)).id);
      }
      await federation.waitIdle();
      for (const city of ['130100', '130200']) await submit(city, (await ownFiling(city, chainId)).id, `${city} 汇总 v1`);
      await federation.waitIdle();
      for (const city of ['130100', '130200']) await accept('130000', (await reviewed('130000', chainId, city)).id);
      await federation.waitIdle();
      await submit('130000', (await ownFiling('130000', chainId)).id, '河北省汇总 v1');
      await federation.waitIdle();

      const atCentral = await chain('000000', chainId);
      expect(atCentral.get('130000')).toMatchObject({ status: 'Submitted', version: 1, waitingOn: '000000', blockedBy: [] });
      expect(atCentral.get('130102')).toMatchObject({ status: 'Accepted', waitingOn: null });
      expect(atCentral.get('330000')).toMatchObject({ status: 'Requested', blockedBy: ['330100', '330200'] });
    });

    it('returns from central down to the county that must act, reopening each level on the way', async () => {
      const provinceLink = await reviewed('000000', chainId, '130000');
      const returned = await call('000000', RETURN, { input: { nodeId: '000000', filingId: provinceLink.id, reasons: '长安区问题数据不实', mustActNodeId: '130102' } });
      expect(returned.returnFiling).toMatchObject({ status: 'Returned', mustActNodeId: '130102' });
      await federation.waitIdle();

      expect(await ownFiling('130000', chainId)).toMatchObject({ status: 'Returned', mustActNodeId: '130102', returnedBy: '000000' });
      expect(await reviewed('130000', chainId, '130100')).toMatchObject({ status: 'Returned', mustActNodeId: '130102' });
      expect(await reviewed('130000', chainId, '130200')).toMatchObject({ status: 'Accepted' });
      expect(await reviewed('130100', chainId, '130102')).toMatchObject({ status: 'Returned' });
      expect(await reviewed('130100', chainId, '130104')).toMatchObject({ status: 'Accepted' });
      expect(await ownFiling('130102', chainId)).toMatchObject({ status: 'Returned', returnReasons: '长安区问题数据不实', returnedBy: '000000', mustActNodeId: '130102' });

      for (const viewer of ['000000', '130000', '130100']) {
        const links = await chain(viewer, chainId);
        expect(links.get('130100')).toMatchObject({ status: 'Returned', waitingOn: '130100', blockedBy: ['130102'] });
        expect(links.get('130102')).toMatchObject({ status: 'Returned', waitingOn: '130102' });
      }
      expect((await chain('000000', chainId)).get('130000')).toMatchObject({ status: 'Returned', blockedBy: ['130100'] });

      const early = await refusal('130000', SUBMIT, { input: { nodeId: '130000', filingId: (await ownFiling('130000', chainId)).id, content: '河北省汇总 v2' } });
      expect(early.extensions).toMatchObject({ reason: 'CHILDREN_NOT_ACCEPTED', pending: ['130100'] });
    });

    it('accepts the corrected report at central once it has climbed back up', async () => {
      await submit('130102', (await ownFiling('130102', chainId)).id, '130102 报告 v2（数据已核实）');
      await federation.waitIdle();
      await accept('130100', (await reviewed('130100', chainId, '130102')).id);
      await federation.waitIdle();
      await submit('130100', (await ownFiling('130100', chainId)).id, '130100 汇总 v2');
      await federation.waitIdle();
      await accept('130000', (await reviewed('130000', chainId, '130100')).id);
      await federation.waitIdle();
      await submit('130000', (await ownFiling('130000', chainId)).id, '河北省汇总 v2');
      await federation.waitIdle();
      await accept('000000', (await reviewed('000000', chainId, '130000')).id);
      await federation.waitIdle();

      expect(await ownFiling('130000', chainId)).toMatchObject({ status: 'Accepted', version: 2 });
      const atCentral = await chain('000000', chainId);
      expect(atCentral.get('130000')).toMatchObject({ status: 'Accepted', version: 2, waitingOn: null });
      expect(atCentral.get('130100')).toMatchObject({ status: 'Accepted', version: 2 });
      expect(atCentral.get('130102')).toMatchObject({ status: 'Accepted', version: 2 });
      expect(atCentral.get('130104')).toMatchObject({ status: 'Accepted', version: 1 });
    });
  });

  describe('outcome sharing (成果共享)', () => {
    const SHARE = `mutation($input: ShareOutcomeInput!) { shareOutcome(input: $input) { id originNodeId kind problems { category count } } }`;
    const STATS = `query($nodeId: ID!, $scope: ID) { problemStatistics(nodeId: $nodeId, scope: $scope) { category total outcomes reportingNodes } }`;
    const share = (nodeId: string, kind: string, title: string, problems: Array<{ category: string; count: number }>) =>
      call(nodeId, SHARE, { input: { nodeId, kind, title, summary: `${title}（摘要）`, problems } });

    it('rolls shared problem statistics up level by level', async () => {
      await share('130102', 'ProblemStatistics', '长安区巡察问题统计', [
        { category: 'FormalismBureaucratism', count: 3 },
        { category: 'EightPointRules', count: 1 },
      ]);
      await share('130104', 'ProblemStatistics', '桥西区巡察问题统计', [{ category: 'FormalismBureaucratism', count: 2 }]);
      await share('130200', 'TypicalCase', '唐山市典型案例', [{ category: 'Corruption', count: 1 }]);
      await federation.waitIdle();

      const atCity = (await call('130100', STATS, { nodeId: '130100' })).problemStatistics;
      expect(atCity).toEqual([
        { category: 'FormalismBureaucratism', total: 5, outcomes: 2, reportingNodes: ['130102', '130104'] },
        { category: 'EightPointRules', total: 1, outcomes: 1, reportingNodes: ['130102'] },
      ]);
      for (const viewer of ['130000', '000000']) {
        const stats = (await call(viewer, STATS, { nodeId: viewer })).problemStatistics;
        expect(stats.map((s: { category: string }) => s.category)).toEqual(['FormalismBureaucratism', 'Corruption', 'EightPointRules']);
      }
      expect((await call('130000', STATS, { nodeId: '130000', scope: '130200' })).problemStatistics).toEqual([
        { category: 'Corruption', total: 1, outcomes: 1, reportingNodes: ['130200'] },
      ]);
    });

    it('finds the common problems of a subtree: reported by several of its nodes', async () => {
      const { commonProblems } = await call('130000', `{ commonProblems(nodeId: "130000", minNodes: 2) { category total reportingNodes } }`);
      expect(commonProblems).toEqual([{ category: 'FormalismBureaucratism', total: 5, reportingNodes: ['130102', '130104'] }]);
      const { sharedOutcomes } = await call('130104', `{ sharedOutcomes(nodeId: "130104") { originNodeId } }`, {}, [Role.Analyst]);
      expect(sharedOutcomes).toEqual([{ originNodeId: '130104' }]);
    });

    it('turns a common problem into a notice down to the whole subtree', async () => {
      const NOTICE = `mutation($input: NoticeCommonProblemInput!) { noticeCommonProblem(input: $input) { noticeId title category reportingNodes } }`;
      const { noticeCommonProblem } = await call('130000', NOTICE, { input: { nodeId: '130000', category: 'FormalismBureaucratism', requirements: '请于一个月内报送自查情况' } });
      expect(noticeCommonProblem).toMatchObject({ title: '关于形式主义、官僚主义问题的通报', category: 'FormalismBureaucratism', reportingNodes: ['130102', '130104'] });
      await federation.waitIdle();
      const { notice } = await call('130203', `query($id: ID!) { notice(nodeId: "130203", id: $id) { issuerId title body category } }`, { id: noticeCommonProblem.noticeId });
      expect(notice).toMatchObject({ issuerId: '130000', category: 'Common', title: '关于形式主义、官僚主义问题的通报' });
      expect(notice.body).toContain('长安区、桥西区等2个单位共报送形式主义、官僚主义问题5个');

      const notCommon = await refusal('130000', NOTICE, { input: { nodeId: '130000', category: 'Corruption' } });
      expect(notCommon.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_COMMON_PROBLEM' });
    });

    it('refuses a category given twice and statistics without problems', async () => {
      const twice = await refusal('130102', SHARE, {
        input: { nodeId: '130102', kind: 'Finding', title: 't', summary: 's', problems: [{ category: 'Corruption', count: 1 }, { category: 'Corruption', count: 2 }] },
      });
      expect(twice.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DUPLICATE_CATEGORY' });
      const empty = await refusal('130102', SHARE, { input: { nodeId: '130102', kind: 'ProblemStatistics', title: 't', summary: 's', problems: [] } });
      expect(empty.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_PROBLEMS' });
    });
  });

  describe('who may do what', () => {
    it('refuses acting for another node, a missing role and reads outside the jurisdiction', async () => {
      const [filing] = await filingsOf('130100', 'Reviewer');
      const notActing = await refusal('130102', ACCEPT, { input: { nodeId: '130100', filingId: filing.id } });
      expect(notActing.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ACTING_NODE' });
      const analyst = await refusal('130100', ACCEPT, { input: { nodeId: '130100', filingId: filing.id } }, [Role.Analyst]);
      expect(analyst.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' });
      const sibling = await refusal('130104', FILINGS, { nodeId: '130102' });
      expect(sibling.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_JURISDICTION' });
    });

    it('refuses invalid input with a clear error and changes nothing', async () => {
      const before = await federation.sql('local-130000', `SELECT count(*)::int AS n FROM filing`);
      const badDate = await refusal('130100', REQUEST, { input: { nodeId: '130100', kind: 'InspectionPlan', title: '计划', dueOn: '2025-02-30' } });
      expect(badDate.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reasons: ['dueOn must be a calendar date written YYYY-MM-DD'] });
      expect(badDate.message).toBe('invalid input: dueOn must be a calendar date written YYYY-MM-DD');
      const past = await refusal('130100', REQUEST, { input: { nodeId: '130100', kind: 'InspectionPlan', title: '计划', dueOn: inDays(-1) } });
      expect(past.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DUE_DATE' });
      const leaf = await refusal('130102', REQUEST, { input: { nodeId: '130102', kind: 'InspectionPlan', title: '计划', dueOn: inDays(5) } });
      expect(leaf.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_CHILDREN' });
      const [filing] = await filingsOf('130100', 'Reviewer');
      const outside = await refusal('130100', RETURN, { input: { nodeId: '130100', filingId: filing.id, reasons: 'x', mustActNodeId: '130202' } });
      expect(outside.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_MUST_ACT' });
      const unknown = await refusal('130100', ACCEPT, { input: { nodeId: '130100', filingId: '00000000-0000-4000-8000-000000000000' } });
      expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'FILING_NOT_FOUND' });
      expect(await federation.sql('local-130000', `SELECT count(*)::int AS n FROM filing`)).toEqual(before);
    });
  });
});
