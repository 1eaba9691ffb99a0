import { TestFederation } from '../harness/federation';
import { sleep } from '../harness/host-process';
import { SeededRandom } from './seeded-random';

/** Levels that ask their children for filings: the province its cities, the cities their counties. */
const REVIEWERS = ['130000', '130100', '130200'];
const FILERS = ['130100', '130102', '130104', '130200', '130202', '130203'];
const NODES = [...new Set([...REVIEWERS, ...FILERS])].sort();

const DAY = 24 * 3600 * 1000;
const REQUEST = `mutation($input: RequestFilingsInput!) { requestFilings(input: $input) { id } }`;
const SUBMIT = `mutation($input: SubmitFilingInput!) { submitFiling(input: $input) { id } }`;
const ACCEPT = `mutation($input: AcceptFilingInput!) { acceptFiling(input: $input) { id } }`;
const RETURN = `mutation($input: ReturnFilingInput!) { returnFiling(input: $input) { id } }`;
const WAITING = `query($nodeId: ID!) { filings(nodeId: $nodeId, statuses: [Requested, Returned, Submitted]) { id filerNodeId reviewerNodeId status version } }`;

export interface FilingTraffic {
  requested: number;
  submitted: number;
  decided: number;
  unanswered: number;
  refused: number;
}

interface Waiting {
  id: string;
  filerNodeId: string;
  reviewerNodeId: string;
  status: string;
}

/**
 * Filings (报备) flowing up while faults strike: the province and the cities now and then ask their
 * children for a round arrangement; each filer submits what is asked or was returned; each reviewer
 * accepts most submissions and returns the rest, which are then submitted again. Seeded per node
 * like the task drivers; only what committed counts.
 */
export async function driveFilings(federation: TestFederation, seed: number, running: () => boolean): Promise<FilingTraffic> {
  const traffic: FilingTraffic = { requested: 0, submitted: 0, decided: 0, unanswered: 0, refused: 0 };
  const call = async <T = unknown>(nodeId: string, query: string, variables: Record<string, unknown>): Promise<T | undefined> => {
    try {
      const res = await federation.gql(nodeId, query, variables).timeout(5_000);
      if (res.body?.data && !res.body.errors) return res.body.data as T;
      traffic.refused++;
    } catch {
      traffic.unanswered++;
    }
    return undefined;
  };

  const work = async (nodeId: string, random: SeededRandom) => {
    for (let n = 1; running(); n++) {
      await sleep(random.between(600, 1_600));
      if (REVIEWERS.includes(nodeId) && random.next() < 0.15) {
        // A date in Asia/Shanghai, as the due date is read there.
        const dueOn = new Date(Date.now() + 10 * DAY).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
        const input = { nodeId, kind: 'RoundArrangement', title: `chaos filing ${seed}-${nodeId}-${n}`, dueOn };
        if (await call(nodeId, REQUEST, { input })) traffic.requested++;
        continue;
      }
      const data = await call<{ filings: Waiting[] }>(nodeId, WAITING, { nodeId });
      const mine = (data?.filings ?? []).filter(
        (filing) => (filing.filerNodeId === nodeId && filing.status !== 'Submitted') || (filing.reviewerNodeId === nodeId && filing.status === 'Submitted'),
      );
      if (mine.length === 0 || !running()) continue;
      const filing = random.pick(mine);
      if (filing.filerNodeId === nodeId) {
        if (await call(nodeId, SUBMIT, { input: { nodeId, filingId: filing.id, content: `${nodeId} 第${n}次报送` } })) traffic.submitted++;
      } else {
        const decided =
          random.next() < 0.7
            ? await call(nodeId, ACCEPT, { input: { nodeId, filingId: filing.id } })
            : await call(nodeId, RETURN, { input: { nodeId, filingId: filing.id, reasons: '请补充巡察组组成' } });
        if (decided) traffic.decided++;
      }
    }
  };

  await Promise.all(NODES.map((nodeId, i) => work(nodeId, new SeededRandom(seed ^ (0xf11e + i)))));
  return traffic;
}
