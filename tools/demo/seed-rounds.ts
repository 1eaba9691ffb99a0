import { Role } from '@app/federation/auth/caller';
import { DateTime } from 'luxon';
import { DemoClient, DemoSeed } from './demo-client';
import { DEMO_PASSWORD } from './seed-accounts';

const now = DateTime.now().setZone('Asia/Shanghai');
const day = (days: number) => now.plus({ days }).toISODate()!;
/** One term label for every demo node, so that coverage rolls up under one name. */
export const DEMO_TERM = { label: `${now.year - 1}-${now.year + 4}`, startsOn: `${now.year - 1}-07-01`, endsOn: `${now.year + 4}-06-30` };

type Row = { name: string; kind: string; cadreLevel?: string; regionNodeId?: string; activeFrom: string; code?: string };

const CENTRAL: Row[] = [
  { name: '国家发展和改革委员会党组', code: '11100000000013127D', kind: 'party_group', cadreLevel: 'central', activeFrom: '2003-03-10' },
  { name: '财政部党组', code: '11100000000013338W', kind: 'party_group', cadreLevel: 'central', activeFrom: '1949-10-01' },
  { name: '中国石油天然气集团有限公司党组', code: '91110000100010433L', kind: 'state_enterprise', cadreLevel: 'central', activeFrom: '1998-07-27' },
  { name: '国家电网有限公司党组', code: '9111000071093123XX', kind: 'state_enterprise', cadreLevel: 'central', activeFrom: '2002-12-29' },
  { name: '浙江大学党委', code: '12100000470095016Q', kind: 'university', cadreLevel: 'central', activeFrom: '1952-10-01' },
  { name: '中共河北省委', kind: 'local_committee', regionNodeId: '130000', cadreLevel: 'central', activeFrom: '1949-08-01' },
  { name: '中共浙江省委', kind: 'local_committee', regionNodeId: '330000', cadreLevel: 'central', activeFrom: '1949-05-01' },
];

const PROVINCES: Record<string, { short: string; rows: Row[] }> = {
  '130000': {
    short: '河北省',
    rows: [
      { name: '河北省发展和改革委员会党组', kind: 'party_group', cadreLevel: 'provincial', activeFrom: '2018-10-01' },
      { name: '河北省人民政府国有资产监督管理委员会党委', kind: 'party_group', cadreLevel: 'provincial', activeFrom: '2004-06-01' },
      { name: '河北建设投资集团有限责任公司党委', kind: 'state_enterprise', cadreLevel: 'provincial', activeFrom: '1988-06-01' },
      { name: '冀中能源集团有限责任公司党委', kind: 'state_enterprise', cadreLevel: 'provincial', activeFrom: '2008-06-01' },
      { name: '河北大学党委', kind: 'university', cadreLevel: 'provincial', activeFrom: '1921-01-01' },
      { name: '河北师范大学党委', kind: 'university', cadreLevel: 'provincial', activeFrom: '1996-06-01' },
    ],
  },
  '330000': {
    short: '浙江省',
    rows: [
      { name: '浙江省发展和改革委员会党组', kind: 'party_group', cadreLevel: 'provincial', activeFrom: '2018-10-01' },
      { name: '浙江省人民政府国有资产监督管理委员会党委', kind: 'party_group', cadreLevel: 'provincial', activeFrom: '2004-06-01' },
      { name: '浙江省能源集团有限公司党委', kind: 'state_enterprise', cadreLevel: 'provincial', activeFrom: '2001-03-01' },
      { name: '浙江工业大学党委', kind: 'university', cadreLevel: 'provincial', activeFrom: '1953-01-01' },
      { name: '浙江师范大学党委', kind: 'university', cadreLevel: 'provincial', activeFrom: '1956-01-01' },
    ],
  },
};

const CITY_UNIVERSITY: Record<string, string> = { '130100': '石家庄学院党委', '130200': '唐山学院党委', '330100': '杭州师范大学党委', '330200': '宁波工程学院党委' };
const STREETS: Record<string, string[]> = {
  '130102': ['建北街道', '青园街道', '广安街道'],
  '130104': ['东里街道', '中山路街道'],
  '130202': ['学院南路街道', '友谊街道'],
  '130203': ['乔屯街道', '文化路街道'],
  '330102': ['湖滨街道', '清波街道'],
  '330105': ['米市巷街道', '湖墅街道'],
  '330203': ['南门街道', '鼓楼街道'],
  '330205': ['中马街道', '白沙街道'],
};

interface Node {
  id: string;
  name: string;
  tier: string;
  parentId: string | null;
}

/** A realistic register for a node: its departments, enterprises and schools, and its children's committees. */
function registerOf(node: Node, children: Node[]): Row[] {
  const committees = children.map((child) => ({ name: `中共${child.name}委`, kind: 'local_committee', regionNodeId: child.id, cadreLevel: node.tier === 'provincial' ? 'provincial' : 'municipal', activeFrom: '1955-01-01' }));
  if (node.tier === 'central') return CENTRAL;
  if (node.tier === 'provincial') return [...PROVINCES[node.id].rows, ...committees];
  if (node.tier === 'municipal') {
    return [
      { name: `${node.name}教育局党组`, kind: 'party_group', cadreLevel: 'municipal', activeFrom: '2019-01-01' },
      { name: `${node.name}财政局党组`, kind: 'party_group', cadreLevel: 'municipal', activeFrom: '2019-01-01' },
      { name: `${node.name}城市建设投资集团党委`, kind: 'state_enterprise', cadreLevel: 'municipal', activeFrom: '2005-01-01' },
      ...(CITY_UNIVERSITY[node.id] ? [{ name: CITY_UNIVERSITY[node.id], kind: 'university', cadreLevel: 'municipal', activeFrom: '2002-03-01' }] : []),
      ...committees,
    ];
  }
  const streets = STREETS[node.id] ?? ['第一街道', '第二街道'];
  return [
    { name: `${node.name}教育局党组`, kind: 'party_group', cadreLevel: 'county', activeFrom: '2019-03-01' },
    { name: `${node.name}卫生健康局党组`, kind: 'party_group', cadreLevel: 'county', activeFrom: '2019-03-01' },
    ...streets.map((street) => ({ name: `${node.name}${street}党工委`, kind: 'township', cadreLevel: 'county', activeFrom: '2000-01-01' })),
    ...streets.slice(0, 2).map((street, i) => ({ name: `${node.name}${street}${i === 0 ? '第一' : '第二'}社区党委`, kind: 'village', cadreLevel: 'county', activeFrom: '2000-01-01' })),
  ];
}

const ORGANISATIONS = `query($nodeId: ID!) { organisations(nodeId: $nodeId, filter: { inspectorNodeId: $nodeId }, page: { first: 100 }) { items { id name } } }`;
const ROUND = `mutation($input: PlanRoundInput!) { planRound(input: $input) { id } }`;

async function idsOf(client: DemoClient, nodeId: string): Promise<Map<string, string>> {
  const { organisations } = await client.gql<{ organisations: { items: Array<{ id: string; name: string }> } }>(nodeId, ORGANISATIONS, { nodeId });
  return new Map(organisations.items.map((org) => [org.name, org.id]));
}

/** Plans, arranges and takes a round as far as `upTo`; every step dated in the past. */
async function round(client: DemoClient, nodeId: string, spec: { ordinal: number; kind: string; mode?: string; title?: string; teams: Array<{ name: string; leader: string; members: string[]; fromNodeId?: string; targets: string[] }>; upTo: 'planned' | 'stationed' | 'feedback'; ids: Map<string, string> }): Promise<void> {
  const stationOn = spec.upTo === 'planned' ? day(30) : day(-75);
  const targetIds = spec.teams.flatMap((team) => team.targets.map((name) => spec.ids.get(name)!));
  const { planRound } = await client.gql<{ planRound: { id: string } }>(nodeId, ROUND, {
    input: { nodeId, year: Number(stationOn.slice(0, 4)), ordinal: spec.ordinal, kind: spec.kind, mode: spec.mode ?? 'Own', title: spec.title, targetIds, plannedStationOn: stationOn, plannedStationEndOn: spec.upTo === 'planned' ? day(60) : day(-45), plannedFeedbackOn: spec.upTo === 'planned' ? day(90) : day(-30) },
  });
  const roundId = planRound.id;
  const teams = spec.teams.map((team) => ({ name: team.name, leader: team.leader, members: team.members, fromNodeId: team.fromNodeId, targetIds: team.targets.map((name) => spec.ids.get(name)!) }));
  await client.gql(nodeId, `mutation($input: ArrangeRoundInput!) { arrangeRound(input: $input) { id } }`, { input: { nodeId, roundId, teams } });
  if (spec.upTo === 'planned') return;
  await client.gql(nodeId, `mutation($input: RoundStepInput!) { stationRound(input: $input) { id } }`, { input: { nodeId, roundId, on: stationOn } });
  if (spec.upTo === 'stationed') return;
  await client.gql(nodeId, `mutation($input: HearRoundReportInput!) { hearRoundReport(input: $input) { id } }`, { input: { nodeId, roundId, stationEndedOn: day(-45), on: day(-40) } });
  await client.gql(nodeId, `mutation($input: GiveRoundFeedbackInput!) { giveRoundFeedback(input: $input) { id } }`, {
    input: { nodeId, roundId, feedback: targetIds.map((organisationId) => ({ organisationId, feedbackReceivedOn: day(-30), summary: '贯彻落实党中央决策部署有差距，全面从严治党主体责任落实不够到位' })) },
  });
}

/**
 * The register of every demo node (departments, enterprises, universities, streets and communities,
 * and the committees of its children), one term per node, and one round per demo level: central's
 * round of central organisations with its feedback given (one organisation's own account works on
 * its rectification), 河北省's elevated inspection of 中共长安区委, 石家庄市's city–county round with a
 * county team, and 长安区's planned patrol of its streets.
 */
export function roundsSeed(nodes: readonly Node[]): DemoSeed {
  return {
    name: 'registers of inspected organisations, terms, one round per level',
    async isSeeded(client) {
      return (await idsOf(client, '000000')).size > 0;
    },
    async run(client) {
      for (const node of nodes) {
        const rows = registerOf(node, nodes.filter((child) => child.parentId === node.id));
        await client.gql(node.id, `mutation($input: ImportOrganisationsInput!) { importOrganisations(input: $input) { applied } }`, { input: { nodeId: node.id, rows } });
        await client.gql(node.id, `mutation($input: DefineTermInput!) { defineTerm(input: $input) { label } }`, { input: { nodeId: node.id, ...DEMO_TERM } });
      }
      await client.waitIdle();

      const central = await idsOf(client, '000000');
      await round(client, '000000', {
        ordinal: 1,
        kind: 'Regular',
        ids: central,
        upTo: 'feedback',
        teams: [
          { name: '中央第一巡视组', leader: '王建国', members: ['李明', '赵敏'], targets: ['国家发展和改革委员会党组', '财政部党组'] },
          { name: '中央第二巡视组', leader: '陈立新', members: ['孙卫东'], targets: ['中国石油天然气集团有限公司党组'] },
        ],
      });
      await client.gql(
        '000000',
        `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
        { input: { nodeId: '000000', username: '000000-ndrc', displayName: '国家发展改革委巡视整改办公室', roles: ['InspectedOrganisation'], organisationId: central.get('国家发展和改革委员会党组'), password: DEMO_PASSWORD } },
        [Role.Administrator],
      );

      const shijiazhuang = await idsOf(client, '130100');
      const hebei = new Map([...(await idsOf(client, '130000')), ['中共长安区委', shijiazhuang.get('中共长安区委')!]]);
      await round(client, '130000', {
        ordinal: 1,
        kind: 'Special',
        mode: 'Elevated',
        title: `${day(-75).slice(0, 4)}年第一轮专项巡视（提级巡视）`,
        ids: hebei,
        upTo: 'feedback',
        teams: [{ name: '省委第三巡视组', leader: '刘志强', members: ['周洁', '吴磊'], targets: ['中共长安区委'] }],
      });
      await round(client, '130000', {
        ordinal: 2,
        kind: 'Regular',
        ids: hebei,
        upTo: 'stationed',
        teams: [
          { name: '省委第一巡视组', leader: '郭海', members: ['冯雪'], targets: ['河北省发展和改革委员会党组', '河北建设投资集团有限责任公司党委'] },
          { name: '省委第二巡视组', leader: '何平', members: ['邓琳'], targets: ['河北大学党委'] },
        ],
      });
      const changan = await idsOf(client, '130102');
      await round(client, '130100', {
        ordinal: 1,
        kind: 'Regular',
        mode: 'CityCounty',
        ids: new Map([...shijiazhuang, ...changan]),
        upTo: 'stationed',
        teams: [
          { name: '市委第一巡察组', leader: '韩冬', members: ['曹宇'], targets: ['石家庄市教育局党组', '石家庄学院党委'] },
          { name: '长安区委巡察组（市县联动）', leader: '彭刚', members: ['蒋丽'], fromNodeId: '130102', targets: ['长安区教育局党组'] },
        ],
      });
      await round(client, '130102', {
        ordinal: 1,
        kind: 'Regular',
        ids: changan,
        upTo: 'planned',
        teams: [{ name: '区委第一巡察组', leader: '田静', members: ['许斌'], targets: ['长安区建北街道党工委', '长安区青园街道党工委'] }],
      });
      await client.waitIdle();
    },
  };
}
