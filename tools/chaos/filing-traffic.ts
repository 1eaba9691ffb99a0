import { sleep } from '../harness/host-process';
import { Calls } from './calls';
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
export async function driveFilings(calls: Calls, seed: number, running: () => boolean): Promise<FilingTraffic> {
  const traffic: FilingTraffic = { requested: 0, submitted: 0, decided: 0 };

  const work = async (nodeId: string, random: SeededRandom) => {
    for (let n = 1; running(); n++) {
      await sleep(random.between(600, 1_600));
      if (REVIEWERS.includes(nodeId) && random.next() < 0.15) {
        // A date in Asia/Shanghai, as the due date is read there.
        const dueOn = new Date(Date.now() + 10 * DAY).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
        const input = { nodeId, kind: 'RoundArrangement', title: `chaos filing ${seed}-${nodeId}-${n}`, dueOn };
        if (await calls.run(nodeId, REQUEST, { input })) traffic.requested++;
        continue;
      }
      const data = await calls.run<{ filings: Waiting[] }>(nodeId, WAITING, { nodeId });
      const mine = (data?.filings ?? []).filter(
        (filing) => (filing.filerNodeId === nodeId && filing.status !== 'Submitted') || (filing.reviewerNodeId === nodeId && filing.status === 'Submitted'),
      );
      if (mine.length === 0 || !running()) continue;
      const filing = random.pick(mine);
      if (filing.filerNodeId === nodeId) {
        if (await calls.run(nodeId, SUBMIT, { input: { nodeId, filingId: filing.id, content: `${nodeId} 第${n}次报送` } })) traffic.submitted++;
      } else {
        const decided =
          random.next() < 0.7
            ? await calls.run(nodeId, ACCEPT, { input: { nodeId, filingId: filing.id } })
            : await calls.run(nodeId, RETURN, { input: { nodeId, filingId: filing.id, reasons: '请补充巡察组组成' } });
        if (decided) traffic.decided++;
      }
    }
  };

  await Promise.all(NODES.map((nodeId, i) => work(nodeId, new SeededRandom(seed ^ (0xf11e + i)))));
  return traffic;
}
