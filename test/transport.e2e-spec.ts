import { TestFederation } from './utils/federation';

const SEND_PROBE = `mutation($from: ID!, $to: ID!, $label: String!) { sendProbe(from: $from, to: $to, label: $label) }`;

describe('federation transport: routing along the tree, exactly once', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start();
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function probe(from: string, to: string, label: string): Promise<string> {
    const res = await federation.gql(from, SEND_PROBE, { from, to, label });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.sendProbe;
  }

  async function probesAt(nodeId: string, label: string) {
    return federation.sql(federation.registry.node(nodeId).host, `SELECT * FROM federation_probe WHERE node_id = $1 AND label = $2`, [nodeId, label]);
  }

  it('relays a central probe to a county through its province and city, which record it', async () => {
    const messageId = await probe('000000', '130102', 'down-3-hops');
    await federation.waitIdle();
    const applied = await probesAt('130102', 'down-3-hops');
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ origin: '000000' });

    const atProvince = await federation.sql('prov-130000', `SELECT status, origin, destination FROM federation_inbox WHERE node_id = '130000' AND envelope->>'correlationId' = $1`, [messageId]);
    expect(atProvince).toEqual([{ status: 'relayed', origin: '000000', destination: '130102' }]);
    const atCity = await federation.sql('local-130000', `SELECT node_id, status FROM federation_inbox WHERE envelope->>'correlationId' = $1 ORDER BY node_id`, [messageId]);
    expect(atCity).toEqual([
      { node_id: '130100', status: 'relayed' },
      { node_id: '130102', status: 'applied' },
    ]);
    // Every hop was acknowledged back to its sender.
    for (const hostId of ['central', 'prov-130000', 'local-130000']) {
      const [{ unacked }] = await federation.sql(hostId, `SELECT count(*)::int AS unacked FROM federation_outbox WHERE acked_at IS NULL`);
      expect(unacked).toBe(0);
    }
  });

  it('carries a county report up to central, and across provinces through central', async () => {
    await probe('130203', '000000', 'up-3-hops');
    await probe('130102', '330102', 'across');
    await federation.waitIdle();
    expect(await probesAt('000000', 'up-3-hops')).toHaveLength(1);
    const across = await probesAt('330102', 'across');
    expect(across).toHaveLength(1);
    expect(across[0].origin).toBe('130102');
    const viaCentral = await federation.sql('central', `SELECT status FROM federation_inbox WHERE node_id = '000000' AND destination = '330102'`);
    expect(viaCentral).toEqual([{ status: 'relayed' }]);
  });

  it('keeps one trace id along every hop of a message', async () => {
    const messageId = await probe('000000', '330105', 'traced');
    await federation.waitIdle();
    const hops = [
      ...(await federation.sql('prov-330000', `SELECT envelope->'trace'->>'traceparent' AS tp FROM federation_inbox WHERE envelope->>'correlationId' = $1`, [messageId])),
      ...(await federation.sql('local-330000', `SELECT envelope->'trace'->>'traceparent' AS tp FROM federation_inbox WHERE envelope->>'correlationId' = $1`, [messageId])),
    ];
    expect(hops).toHaveLength(3);
    const traceIds = new Set(hops.map((hop) => String(hop.tp).split('-')[1]));
    expect(traceIds.size).toBe(1);
  });

  it('shows per-channel sequences and acknowledgements in federationStatus', async () => {
    const res = await federation.gql('130000', `{ federationStatus(nodeId: "130000") {
      nodeId outboxBacklog unacknowledged channels { peerId direction lastSeqSent lastSeqAcknowledged lastSeqApplied held } deadLetters { reason } } }`);
    expect(res.body.errors).toBeUndefined();
    const status = res.body.data.federationStatus;
    expect(status).toMatchObject({ nodeId: '130000', outboxBacklog: 0, unacknowledged: 0, deadLetters: [] });
    const toCity = status.channels.find((c: { peerId: string; direction: string }) => c.peerId === '130100' && c.direction === 'out');
    expect(toCity.lastSeqSent).toBeGreaterThanOrEqual(1);
    expect(toCity.lastSeqAcknowledged).toBe(toCity.lastSeqSent);
    const fromCentral = status.channels.find((c: { peerId: string; direction: string }) => c.peerId === '000000' && c.direction === 'in');
    expect(fromCentral).toMatchObject({ held: 0 });
    expect(fromCentral.lastSeqApplied).toBeGreaterThanOrEqual(1);
  });

  it('refuses a federationStatus for a node this host does not serve', async () => {
    const res = await federation.gql('000000', `{ federationStatus(nodeId: "130000") { nodeId } }`);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NODE_NOT_SERVED_HERE' });
  });

  it('refuses operations without a token, and a province reading its sibling', async () => {
    const anonymous = await federation.host('prov-130000').graphql(`{ federationStatus(nodeId: "130000") { nodeId } }`);
    expect(anonymous.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' });
    const sibling = await federation.host('prov-130000').graphql(`{ federationStatus(nodeId: "130000") { nodeId } }`, {}, federation.token('330000'));
    expect(sibling.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CALLER_NODE_NOT_SERVED_HERE' });
  });
});
