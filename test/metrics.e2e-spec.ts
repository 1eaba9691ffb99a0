import request from 'supertest';
import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';

const SEND_BURST = `mutation($from: ID!, $to: ID!, $label: String!, $count: Int!) { sendProbeBurst(from: $from, to: $to, label: $label, count: $count) }`;
const COUNTY = '130102';

/** Sum of a series' samples whose labels contain `labels` (Prometheus text format). */
function sample(text: string, name: string, labels = ''): number | undefined {
  let found: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name || !(match[2] ?? '').includes(labels)) continue;
    found = (found ?? 0) + Number(match[3]);
  }
  return found;
}

describe('metrics and trace context', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ boot: ['central', 'prov-130000', 'local-130000'] });
  });

  afterAll(async () => {
    await federation?.close();
  });

  const scrape = async (hostId: string) => (await request(federation.host(hostId).url).get('/metrics').expect(200)).text;

  it('counts sent, relayed and applied messages, hop latency, outbox backlog and queue depth after traffic', async () => {
    const res = await federation.gql('000000', SEND_BURST, { from: '000000', to: COUNTY, label: 'metrics', count: 40 });
    expect(res.body.errors).toBeUndefined();
    await federation.waitIdle();

    const central = await scrape('central');
    expect(sample(central, 'federation_messages_sent_total')).toBeGreaterThanOrEqual(40);
    expect(sample(central, 'federation_messages_published_total')).toBeGreaterThanOrEqual(40);
    expect(sample(central, 'federation_outbox_unacknowledged')).toBe(0);
    expect(sample(central, 'federation_outbox_unpublished')).toBe(0);

    const province = await scrape('prov-130000');
    expect(sample(province, 'federation_messages_applied_total', 'outcome="relayed"')).toBeGreaterThanOrEqual(40);

    const local = await scrape('local-130000');
    // Two hops on this host: the city relays, the county applies.
    expect(sample(local, 'federation_messages_applied_total', 'outcome="applied"')).toBeGreaterThanOrEqual(40);
    expect(sample(local, 'federation_hop_latency_seconds_count')).toBeGreaterThanOrEqual(80);
    const latencySum = sample(local, 'federation_hop_latency_seconds_sum')!;
    expect(latencySum / sample(local, 'federation_hop_latency_seconds_count')!).toBeLessThan(30);
    expect(sample(local, 'federation_queue_depth', 'state="wait"')).toBe(0);
    expect(sample(local, 'federation_queue_depth', 'state="failed"')).toBeGreaterThanOrEqual(0);
  });

  it('shows the backlog of a province whose city host is down, and drains it when it returns', async () => {
    await federation.host('local-130000').stop('SIGTERM');
    await federation.gql('000000', SEND_BURST, { from: '000000', to: COUNTY, label: 'backlog', count: 25 });
    let backlog = 0;
    for (let waited = 0; waited < 30_000 && backlog < 25; waited += 250) {
      backlog = sample(await scrape('prov-130000'), 'federation_outbox_unacknowledged') ?? 0;
      if (backlog < 25) await sleep(250);
    }
    expect(backlog).toBe(25);
    expect(sample(await scrape('prov-130000'), 'federation_messages_redelivered_total')).toBeGreaterThanOrEqual(0);

    await federation.host('local-130000').start();
    await federation.waitIdle();
    expect(sample(await scrape('prov-130000'), 'federation_outbox_unacknowledged')).toBe(0);
  });

  it('carries one trace id from central through every hop to the county', async () => {
    const rows = await federation.sql<{ message_id: string; traceparent: string }>(
      'central',
      `SELECT message_id::text, envelope->'trace'->>'traceparent' AS traceparent FROM federation_outbox WHERE envelope->'payload'->>'label' LIKE 'metrics-%'`,
    );
    expect(rows).toHaveLength(40);
    const traceOf = (traceparent: string) => traceparent.split('-')[1];
    for (const [hostId, node] of [
      ['prov-130000', '130000'],
      ['local-130000', '130100'],
      ['local-130000', COUNTY],
    ]) {
      const hops = await federation.sql<{ correlation: string; traceparent: string }>(
        hostId,
        `SELECT envelope->>'correlationId' AS correlation, envelope->'trace'->>'traceparent' AS traceparent FROM federation_inbox WHERE node_id = $1 AND envelope->'payload'->>'label' LIKE 'metrics-%'`,
        [node],
      );
      const byCorrelation = new Map(hops.map((hop) => [hop.correlation, hop.traceparent]));
      for (const row of rows) {
        const hop = byCorrelation.get(row.message_id)!;
        expect(traceOf(hop)).toBe(traceOf(row.traceparent));
        if (node !== '130000') expect(hop).not.toBe(row.traceparent); // a span of its own per hop
      }
    }
  });
});
