import { createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { Envelope, JobName, MessageType, ackBody, canonicalJson, loadNodePrivateKey, verifyEnvelope } from '@app/federation';
import { craftEnvelope, deliverBatch, deliverControl, deliverRaw, signedTaskIssued } from './utils/envelopes';
import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';

/**
 * Messages put straight on a host's queue — out of order, forged, misrouted or broken — to show
 * that the inbox applies in channel order and refuses, with a recorded reason, what it must.
 */
describe('federation inbox: order and rejection', () => {
  let federation: TestFederation;
  const CITY_HOST = 'local-330000';

  beforeAll(async () => {
    federation = await TestFederation.start({ boot: ['prov-330000', CITY_HOST] });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await sleep(100);
    }
  }

  const probes = (nodeId: string) =>
    federation.sql<{ label: string; channel_seq: string }>(CITY_HOST, `SELECT label, channel_seq FROM federation_probe WHERE node_id = $1 ORDER BY applied_at, channel_seq`, [nodeId]);
  const deadLetters = (hostId = CITY_HOST) =>
    federation.sql<{ id: string; reason: string; detail: string; message_id: string }>(hostId, `SELECT id, reason, detail, message_id FROM federation_dead_letter ORDER BY id`);

  /** A linkage task's issue as its issuer's host would send it down, naming `recipients`. */
  const taskIssued = (taskId: string, issuerId: string, recipients: string[]) => {
    const now = Date.now();
    return signedTaskIssued(federation, {
      taskId,
      rootTaskId: taskId,
      parentTaskId: null,
      issuerId,
      version: 1,
      kind: 'regular',
      linkageType: 'regional',
      scope: { nodeIds: recipients },
      title: '联动任务',
      requirements: '—',
      inheritedRequirements: null,
      focusPoints: [],
      startAt: new Date(now).toISOString(),
      deadline: new Date(now + 30 * 86_400_000).toISOString(),
      issuedAt: new Date(now).toISOString(),
      recipients,
    });
  };

  it('applies messages delivered in reverse order in their channel order', async () => {
    const envelopes = [1, 2, 3].map((seq) => craftEnvelope(federation, { from: '330000', to: '330100', seq }));
    await deliverRaw(federation, CITY_HOST, [...envelopes].reverse());
    const applied = await until(() => probes('330100'), (rows) => rows.length === 3);
    expect(applied.map((row) => row.label)).toEqual(['seq-1', 'seq-2', 'seq-3']);
    const [channel] = await federation.sql(CITY_HOST, `SELECT last_applied_seq FROM federation_channel_in WHERE node_id = '330100' AND peer_id = '330000'`);
    expect(Number(channel.last_applied_seq)).toBe(3);
  });

  it('holds a message after a gap and applies it once the missing one arrives', async () => {
    const [fourth, fifth] = [4, 5].map((seq) => craftEnvelope(federation, { from: '330000', to: '330100', seq }));
    await deliverRaw(federation, CITY_HOST, [fifth]);
    const held = await until(
      () => federation.sql(CITY_HOST, `SELECT status FROM federation_inbox WHERE message_id = $1`, [fifth.messageId]),
      (rows) => rows.length === 1,
    );
    expect(held).toEqual([{ status: 'held' }]);
    expect((await probes('330100')).map((row) => row.label)).not.toContain('seq-5');
    await deliverRaw(federation, CITY_HOST, [fourth]);
    const applied = await until(() => probes('330100'), (rows) => rows.length === 5);
    expect(applied.map((row) => row.label)).toEqual(['seq-1', 'seq-2', 'seq-3', 'seq-4', 'seq-5']);
  });

  it('stores and applies the good envelopes of a batch job and dead-letters the forged one among them', async () => {
    const PROVINCE_HOST = 'prov-330000';
    const [first, second] = [1, 2].map((seq) => craftEnvelope(federation, { from: '330100', to: '330000', seq }));
    const forged = { ...craftEnvelope(federation, { from: '330100', to: '330000', seq: 3, label: 'forged' }), signature: Buffer.alloc(64, 9).toString('base64') };
    const before = (await deadLetters(PROVINCE_HOST)).length;
    await deliverBatch(federation, PROVINCE_HOST, [second, forged, first, 'not an envelope']);
    const applied = await until(
      () => federation.sql<{ label: string }>(PROVINCE_HOST, `SELECT label FROM federation_probe WHERE node_id = '330000' ORDER BY channel_seq`),
      (rows) => rows.length === 2,
    );
    expect(applied.map((row) => row.label)).toEqual(['seq-1', 'seq-2']);
    const letters = (await until(() => deadLetters(PROVINCE_HOST), (rows) => rows.length >= before + 2)).slice(before);
    expect(letters.map((row) => row.reason).sort()).toEqual(['bad_signature', 'malformed']);
  });

  it('skips a duplicate delivery of an applied message', async () => {
    const sixth = craftEnvelope(federation, { from: '330000', to: '330100', seq: 6 });
    await deliverRaw(federation, CITY_HOST, [sixth]);
    await until(() => probes('330100'), (rows) => rows.length === 6);
    await deliverRaw(federation, CITY_HOST, [sixth, sixth]);
    await sleep(1_000);
    expect(await probes('330100')).toHaveLength(6);
  });

  it('applies the good one of two tasks arriving together and dead-letters the one naming a recipient outside its subtree', async () => {
    const [goodTask, badTask] = [randomUUID(), randomUUID()];
    const good = craftEnvelope(federation, { from: '330100', to: '330102', seq: 1, type: MessageType.LinkageTaskIssued, payload: taskIssued(goodTask, '330000', ['330102']) });
    const bad = craftEnvelope(federation, { from: '330100', to: '330105', seq: 1, type: MessageType.LinkageTaskIssued, payload: taskIssued(badTask, '330000', ['330203']) });
    const before = (await deadLetters()).length;
    await deliverRaw(federation, CITY_HOST, [good, bad]);
    const letters = await until(() => deadLetters(), (rows) => rows.length > before);
    const ours = letters.slice(before).filter((row) => [good.messageId, bad.messageId].includes(row.message_id));
    expect(ours.map((row) => [row.message_id, row.reason])).toEqual([[bad.messageId, 'invalid_payload']]);
    // The county's receipt then goes up to a city that never had the task, and is refused there in
    // turn. It went between two nodes of this host, unsigned; as evidence it is signed by the county.
    const receipt = await until(
      () => federation.sql<{ raw: Envelope }>(CITY_HOST, `SELECT raw FROM federation_dead_letter WHERE from_node = '330102' AND node_id = '330100' AND raw->'payload'->>'taskId' = $1`, [goodTask]),
      (rows) => rows.length === 1,
    );
    expect(receipt).toHaveLength(1);
    expect(verifyEnvelope(receipt[0].raw, createPublicKey(federation.registry.node('330102').publicKey))).toBe(true);
    const [stored] = await federation.sql<{ envelope: Envelope }>(CITY_HOST, `SELECT envelope FROM federation_inbox WHERE message_id = $1`, [receipt[0].raw.messageId]);
    expect(stored.envelope.signature).toBeUndefined();
    const received = await until(
      () => federation.sql(CITY_HOST, `SELECT node_id, state FROM linkage_task_unit WHERE task_id = $1`, [goodTask]),
      (rows) => rows.length > 0,
    );
    expect(received).toEqual([{ node_id: '330102', state: 'received' }]);
    expect(await federation.sql(CITY_HOST, `SELECT 1 FROM linkage_task WHERE task_id = $1`, [badTask])).toEqual([]);
    // Both channels moved on: the refused message does not block the next one from its sender.
    const channels = await federation.sql(CITY_HOST, `SELECT node_id, last_applied_seq::int AS seq FROM federation_channel_in WHERE peer_id = '330100' ORDER BY node_id`);
    expect(channels).toEqual([
      { node_id: '330102', seq: 1 },
      { node_id: '330105', seq: 1 },
    ]);
  });

  it('applies the good one of two reports arriving at a city together, sends it up, and dead-letters the one about a node outside its sender', async () => {
    const taskId = randomUUID();
    const issued = craftEnvelope(federation, { from: '330000', to: '330200', seq: 1, type: MessageType.LinkageTaskIssued, payload: taskIssued(taskId, '330000', ['330203', '330205']) });
    await deliverRaw(federation, CITY_HOST, [issued]);
    const units = () => federation.sql<{ recipient_id: string; state: string; sent_rev: number }>(CITY_HOST, `SELECT recipient_id, state, sent_rev FROM linkage_task_unit WHERE node_id = '330200' AND task_id = $1 ORDER BY recipient_id`, [taskId]);
    // The counties' receipts (seq 1 on their channels) have come back to the city.
    await until(units, (rows) => rows.length === 2 && rows.every((row) => row.state === 'received'));

    const report = (recipientId: string) => ({ recipientId, rev: 2, phase: 'accepted', overdue: false, percent: 10, note: null, report: null, subtree: null, at: new Date().toISOString() });
    const good = craftEnvelope(federation, { from: '330203', to: '330200', seq: 2, type: MessageType.LinkageTaskProgress, payload: { taskId, reports: [report('330203')] } });
    const bad = craftEnvelope(federation, { from: '330205', to: '330200', seq: 2, type: MessageType.LinkageTaskProgress, payload: { taskId, reports: [report('330203')] } });
    const before = (await deadLetters()).length;
    await deliverRaw(federation, CITY_HOST, [good, bad]);
    const letters = await until(() => deadLetters(), (rows) => rows.length > before);
    expect(letters.slice(before).map((row) => [row.message_id, row.reason])).toEqual([[bad.messageId, 'invalid_payload']]);
    expect(await until(units, (rows) => rows[0]?.state === 'accepted')).toEqual([
      { recipient_id: '330203', state: 'accepted', sent_rev: 2 },
      { recipient_id: '330205', state: 'received', sent_rev: 1 },
    ]);
    // The city reported the accepted county on to the province, in a message of its own after the receipts.
    const up = await federation.sql<{ reports: Array<{ recipientId: string; rev: number; phase: string }> }>(
      CITY_HOST,
      `SELECT envelope->'payload'->'reports' AS reports FROM federation_outbox WHERE from_node = '330200' AND type = $1 AND envelope->'payload'->>'taskId' = $2 ORDER BY channel_seq`,
      [MessageType.LinkageTaskProgress, taskId],
    );
    expect(up.at(-1)!.reports.map(({ recipientId, rev, phase }) => ({ recipientId, rev, phase }))).toEqual([{ recipientId: '330203', rev: 2, phase: 'accepted' }]);
  });

  it('takes acknowledgements signed once per job by a node of the receivers\' host, and ignores them signed from another host', async () => {
    const PROVINCE_HOST = 'prov-330000';
    // A message the province sent its city, not yet acknowledged (due far ahead, so never published).
    const messageId = randomUUID();
    await federation.sql(
      PROVINCE_HOST,
      `INSERT INTO federation_outbox (message_id, from_node, to_node, to_host, origin, destination, type, channel_seq, envelope, next_attempt_at)
       VALUES ($1, '330000', '330100', $2, '330000', '330100', 'federation.probe', 900001, '{}', now() + interval '1 day')`,
      [messageId, CITY_HOST],
    );
    const acked = async () => (await federation.sql<{ acked: boolean }>(PROVINCE_HOST, `SELECT acked_at IS NOT NULL AS acked FROM federation_outbox WHERE message_id = $1`, [messageId]))[0].acked;
    const acks = [{ from: '330100', to: '330000', messageIds: [messageId] }];
    const signedBy = (signer: string) => {
      const key = loadNodePrivateKey(join(federation.dir, 'keys'), signer);
      return { signer, acks, signature: sign(null, Buffer.from(canonicalJson(ackBody(signer, acks))), key).toString('base64') };
    };
    // Signed by a province of another host (with its own, valid key): it cannot answer for 330100.
    await deliverControl(federation, PROVINCE_HOST, JobName.Ack, signedBy('130000'));
    // Signed by a county of the city's host, but the acks altered after signing.
    await deliverControl(federation, PROVINCE_HOST, JobName.Ack, { ...signedBy('330102'), acks: [{ ...acks[0], messageIds: [messageId, randomUUID()] }] });
    await sleep(1_500);
    expect(await acked()).toBe(false);
    // Signed by a county of the city's host: its host answers for the city.
    await deliverControl(federation, PROVINCE_HOST, JobName.Ack, signedBy('330102'));
    expect(await until(acked, (done) => done)).toBe(true);
  });

  describe('rejections: recorded with a reason, never applied, the host keeps serving', () => {
    const cases: Array<[string, () => unknown, string, string?]> = [
      ['a bad signature', () => ({ ...craftEnvelope(federation, { from: '330000', to: '330100', seq: 100, label: 'forged' }), signature: Buffer.alloc(64, 7).toString('base64') }), 'bad_signature'],
      ['a signature by another key', () => craftEnvelope(federation, { from: '330000', to: '330100', seq: 101, label: 'forged', key: generateKeyPairSync('ed25519').privateKey }), 'bad_signature'],
      ['a missing signature', () => { const { signature: _s, ...rest } = craftEnvelope(federation, { from: '330000', to: '330100', seq: 102, label: 'forged' }); return rest; }, 'missing_signature'],
      ['an unknown sender', () => ({ ...craftEnvelope(federation, { from: '330000', to: '330100', seq: 103, label: 'forged' }), from: '440000' }), 'unknown_sender'],
      ['a sibling addressing a sibling', () => craftEnvelope(federation, { from: '330102', to: '330105', seq: 1, label: 'forged' }), 'wrong_direction'],
      ['a county addressing its grandparent directly', () => craftEnvelope(federation, { from: '330102', to: '330000', seq: 1, label: 'forged' }), 'wrong_direction', 'prov-330000'],
      ['a message for a node another host serves', () => craftEnvelope(federation, { from: '330000', to: '330100', seq: 108, label: 'forged' }), 'misaddressed', 'prov-330000'],
      ['a hop off the path to its destination', () => craftEnvelope(federation, { from: '330000', to: '330100', destination: '330203', seq: 104, label: 'forged' }), 'wrong_direction'],
      ['an unknown message type', () => craftEnvelope(federation, { from: '330000', to: '330100', seq: 105, type: 'federation.teleport' }), 'unknown_type'],
      ['an unsupported schema version', () => craftEnvelope(federation, { from: '330000', to: '330100', seq: 106, schemaVersion: 99 }), 'unsupported_schema_version'],
      ['an oversized message', () => craftEnvelope(federation, { from: '330000', to: '330100', seq: 107, body: 'x'.repeat(1024 * 1024 + 10) }), 'oversized'],
      ['a malformed message', () => ({ messageId: 'not-a-uuid', hello: 'world', signature: 'abc' }), 'malformed'],
      ['a message that is not an object', () => 'just a string', 'malformed'],
    ];

    it.each(cases)('rejects %s', async (_name, make, reason, hostId = CITY_HOST) => {
      const before = (await deadLetters(hostId)).length;
      const raw = make();
      await deliverRaw(federation, hostId, [raw]);
      const letters = await until(() => deadLetters(hostId), (rows) => rows.length > before);
      expect(letters.length).toBe(before + 1);
      expect(letters[letters.length - 1].reason).toBe(reason);
      expect((await probes('330100')).map((row) => row.label)).not.toContain('forged');
      const health = await federation.host(hostId).graphql('{ hostInfo { hostId } }');
      expect(health.body.data.hostInfo.hostId).toBe(hostId);
    });

    it('lists dead letters with their reasons in federationStatus', async () => {
      const res = await federation.gql('330100', `{ deadLetters(limit: 100) { reason detail occurrences } }`);
      expect(res.body.errors).toBeUndefined();
      const reasons = new Set(res.body.data.deadLetters.map((letter: { reason: string }) => letter.reason));
      for (const reason of ['BadSignature', 'MissingSignature', 'UnknownSender', 'WrongDirection', 'UnknownType', 'UnsupportedSchemaVersion', 'Oversized', 'Malformed']) {
        expect(reasons).toContain(reason);
      }
      const metrics = await request(federation.host(CITY_HOST).url).get('/metrics');
      expect(metrics.text).toMatch(/federation_messages_rejected_total\{reason="bad_signature"\} [1-9]/);
    });
  });

  it('replays a dead letter once its cause is fixed (a rotated key the registry had not yet caught up with)', async () => {
    const rotated = generateKeyPairSync('ed25519');
    const envelope = craftEnvelope(federation, { from: '330000', to: '330100', seq: 7, label: 'after-rotation', key: rotated.privateKey });
    const before = (await deadLetters()).length;
    await deliverRaw(federation, CITY_HOST, [envelope]);
    const letters = await until(deadLetters, (rows) => rows.length > before);
    const letter = letters[letters.length - 1];
    expect(letter).toMatchObject({ reason: 'bad_signature', message_id: envelope.messageId });

    const registryFile = join(federation.dir, 'registry.json');
    const document = JSON.parse(readFileSync(registryFile, 'utf8'));
    document.version += 1;
    document.nodes.find((node: { id: string }) => node.id === '330000').publicKey = rotated.publicKey.export({ type: 'spki', format: 'pem' });
    writeFileSync(registryFile, JSON.stringify(document, null, 2));
    await federation.host(CITY_HOST).stop();
    await federation.host(CITY_HOST).start();

    const res = await federation.gql('330100', `mutation($id: ID!) { replayDeadLetter(id: $id) { replayOutcome replayedAt } }`, { id: letter.id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.replayDeadLetter.replayOutcome).toBe('applied');
    expect((await probes('330100')).map((row) => row.label)).toContain('after-rotation');
  });
});
