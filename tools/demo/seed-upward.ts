import { Role } from '@app/federation/auth/caller';
import { DateTime } from 'luxon';
import { DemoClient, DemoSeed } from './demo-client';

const ORGANISATION = '中共长安区委';
const day = (shift: { months?: number; days?: number }) => DateTime.now().setZone('Asia/Shanghai').plus(shift).toISODate()!;

interface Filing {
  id: string;
  filerNodeId: string;
}

/**
 * The upward flows of the demo (河北省 subtree): county and city filings with one returned and
 * resubmitted, shared outcomes with a common problem, a clue transferred up to the province, and a
 * rectification under way with one task already overdue (its feedback was received two months ago).
 */
export const upwardSeed: DemoSeed = {
  name: 'upward flows: filings, outcomes, a clue, a rectification',

  async isSeeded(client) {
    const { rectifications } = await client.gql<{ rectifications: Array<{ organisation: string }> }>('130100', `{ rectifications(nodeId: "130100") { organisation } }`);
    return rectifications.some((r) => r.organisation === ORGANISATION);
  },

  async run(client) {
    await seedFilings(client);
    await seedOutcomes(client);
    await seedClue(client);
    await seedRectification(client);
    await client.waitIdle();
  },
};

const REQUEST = `mutation($input: RequestFilingsInput!) { requestFilings(input: $input) { id filerNodeId } }`;
const SUBMIT = `mutation($input: SubmitFilingInput!) { submitFiling(input: $input) { id } }`;
const ACCEPT = `mutation($input: AcceptFilingInput!) { acceptFiling(input: $input) { id } }`;
const RETURN = `mutation($input: ReturnFilingInput!) { returnFiling(input: $input) { id } }`;

async function request(client: DemoClient, nodeId: string, kind: string, title: string, dueOn: string): Promise<Map<string, string>> {
  const { requestFilings } = await client.gql<{ requestFilings: Filing[] }>(nodeId, REQUEST, { input: { nodeId, kind, title, dueOn } });
  await client.waitIdle();
  return new Map(requestFilings.map((filing) => [filing.filerNodeId, filing.id]));
}

async function seedFilings(client: DemoClient): Promise<void> {
  const arrangements = await request(client, '130100', 'RoundArrangement', '2025年第二轮巡察工作安排', day({ days: 14 }));
  await client.gql('130102', SUBMIT, { input: { nodeId: '130102', filingId: arrangements.get('130102'), content: '巡察区教育局、卫健局、城管局党组，9月1日进驻' } });
  await client.gql('130104', SUBMIT, { input: { nodeId: '130104', filingId: arrangements.get('130104'), content: '巡察区住建局党组' } });
  await client.waitIdle();
  await client.gql('130100', ACCEPT, { input: { nodeId: '130100', filingId: arrangements.get('130102') } });
  await client.gql('130100', RETURN, { input: { nodeId: '130100', filingId: arrangements.get('130104'), reasons: '未列明巡察组组成和进驻时间' } });
  await client.waitIdle();
  await client.gql('130104', SUBMIT, { input: { nodeId: '130104', filingId: arrangements.get('130104'), content: '巡察区住建局党组；第一巡察组，组长李四，9月3日进驻' } });
  await client.waitIdle();
  await client.gql('130100', ACCEPT, { input: { nodeId: '130100', filingId: arrangements.get('130104') } });

  const plans = await request(client, '130000', 'InspectionPlan', '2025—2027年巡察工作规划', day({ days: 20 }));
  await client.gql('130100', SUBMIT, { input: { nodeId: '130100', filingId: plans.get('130100'), content: '石家庄市委巡察工作规划：届内全覆盖' } });
  await client.waitIdle();
  await client.gql('130000', ACCEPT, { input: { nodeId: '130000', filingId: plans.get('130100') } });
  client.log('filings: round arrangements of 130102 and 130104 (returned once, resubmitted) accepted by 130100; 130100’s plan accepted by 130000, 130200’s still due');
}

async function seedOutcomes(client: DemoClient): Promise<void> {
  const SHARE = `mutation($input: ShareOutcomeInput!) { shareOutcome(input: $input) { id } }`;
  const share = (nodeId: string, kind: string, title: string, summary: string, problems: Array<{ category: string; count: number }>) =>
    client.gql(nodeId, SHARE, { input: { nodeId, kind, title, summary, problems } });
  await share('130102', 'ProblemStatistics', '长安区第一轮巡察问题统计', '巡察5个单位，发现问题41个', [
    { category: 'FormalismBureaucratism', count: 12 },
    { category: 'EightPointRules', count: 4 },
    { category: 'GrassrootsOrganisation', count: 25 },
  ]);
  await share('130104', 'ProblemStatistics', '桥西区第一轮巡察问题统计', '巡察4个单位，发现问题30个', [
    { category: 'FormalismBureaucratism', count: 9 },
    { category: 'GrassrootsOrganisation', count: 21 },
  ]);
  await share('130100', 'TypicalCase', '村级“三资”管理不规范典型案例', '村集体资金账外运行，民主理财流于形式', [{ category: 'Corruption', count: 1 }]);
  client.log('outcomes: problem statistics from 130102 and 130104 (a common problem for 130100), a typical case from 130100');
}

async function seedClue(client: DemoClient): Promise<void> {
  const { recordProblemClue } = await client.gql<{ recordProblemClue: { id: string } }>(
    '130102',
    `mutation($input: RecordClueInput!) { recordProblemClue(input: $input) { id } }`,
    { input: { nodeId: '130102', managedBy: 'Provincial', cadreName: '王某', cadrePosition: '省管干部、某市副市长', allegation: '在分管领域违规干预工程项目', source: '巡察期间来信' } },
  );
  await client.gql('130102', `mutation($input: TransferClueInput!) { transferProblemClue(input: $input) { id } }`, { input: { nodeId: '130102', clueId: recordProblemClue.id } });
  await client.waitIdle();
  await client.gql('130000', `mutation($input: DisposeClueInput!) { disposeProblemClue(input: $input) { id } }`, { input: { nodeId: '130000', clueId: recordProblemClue.id, status: 'Received' } }, [Role.Discipline]);
  client.log('clue: recorded at 130102 about a province-managed cadre, transferred up to and received by 130000’s discipline organ');
}

async function seedRectification(client: DemoClient): Promise<void> {
  const feedbackReceivedOn = day({ months: -2 });
  const { deliverRectificationFeedback } = await client.gql<{ deliverRectificationFeedback: { id: string } }>(
    '130100',
    `mutation($input: DeliverRectificationFeedbackInput!) { deliverRectificationFeedback(input: $input) { id } }`,
    { input: { nodeId: '130100', inspectedNodeId: '130102', organisation: ORGANISATION, feedbackSummary: '落实全面从严治党主体责任不到位，基层党组织建设薄弱', feedbackReceivedOn } },
  );
  await client.waitIdle();
  const rectificationId = deliverRectificationFeedback.id;
  const { planRectificationProblem } = await client.gql<{ planRectificationProblem: { problems: Array<{ tasks: Array<{ id: string; measure: string }> }> } }>(
    '130102',
    `mutation($input: PlanRectificationProblemInput!) { planRectificationProblem(input: $input) { problems { tasks { id measure } } } }`,
    {
      input: {
        nodeId: '130102',
        rectificationId,
        description: '基层党组织建设薄弱，软弱涣散党组织整顿不彻底',
        tasks: [
          { measure: '完成3个软弱涣散村党组织整顿', responsible: '区委组织部', dueOn: day({ days: -7 }) },
          { measure: '开展党支部书记轮训', responsible: '区委组织部', dueOn: day({ days: 10 }) },
          { measure: '修订村级议事规则', responsible: '区委办公室', dueOn: day({ days: 21 }) },
          { measure: '建立党建责任制考核长效机制', responsible: '区委办公室', longTerm: true, stages: [{ goal: '出台考核办法', dueOn: day({ months: 2 }) }] },
        ],
      },
    },
  );
  const training = planRectificationProblem.problems[0].tasks.find((task) => task.measure === '开展党支部书记轮训')!;
  await client.gql('130102', `mutation($input: CompleteRectificationTaskInput!) { completeRectificationTask(input: $input) { id } }`, { input: { nodeId: '130102', taskId: training.id, note: '轮训120人次' } });
  client.log(`rectification: ${ORGANISATION} (130102) under 130100, feedback received ${feedbackReceivedOn}; one task overdue, alerted to 130100 by the sweep`);
}
