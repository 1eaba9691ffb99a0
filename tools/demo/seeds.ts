import { DemoSeed } from './demo-client';
import { downwardSeed } from './seed-downward';
import { upwardSeed } from './seed-upward';

/** A probe from central to a county and back: shows the path works before any business flow. */
const probeSeed: DemoSeed = {
  name: 'federation probe central → 130102 → central',
  async isSeeded(client) {
    const data = await client.gql<{ probesReceived: unknown[] }>('130102', `{ probesReceived(nodeId: "130102", limit: 1) { messageId } }`);
    return data.probesReceived.length > 0;
  },
  async run(client) {
    await client.gql('000000', `mutation { sendProbe(from: "000000", to: "130102", label: "demo") }`);
    await client.waitIdle();
    await client.gql('130102', `mutation { sendProbe(from: "130102", to: "000000", label: "demo-reply") }`);
    await client.waitIdle();
  },
};

/** Seeding steps in order; each checks for itself whether it already ran. */
export const demoSeeds: DemoSeed[] = [probeSeed, downwardSeed, upwardSeed];
