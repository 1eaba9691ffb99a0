import { randomUUID } from 'node:crypto';
import { MessageType } from '@app/federation';
import { craftEnvelope, deliverBatch, deliverRaw, signedTaskIssued } from './utils/envelopes';
import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';

/**
 * Correctly signed messages whose payloads are wrong, put straight on a host's queue: each is
 * dead-lettered with its reason, nothing of it is applied, and the messages after it — on its own
 * channel and on the node's others — are applied within seconds.
 */
describe('message contracts: a bad message never blocks anything', () => {
  let federation: TestFederation;
  const CITY_HOST = 'local-330000';
  const PROVINCE = '330000';
  const CITY = '330100';
  let seq = 0;

  beforeAll(async () => {
    federation = await TestFederation.start({
      boot: ['prov-330000', CITY_HOST],
      env: { FEDERATION_APPLY_ATTEMPTS: '3', FEDERATION_APPLY_RETRY_MS: '300' },
    });
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

  const probeLabels = () => federation.sql<{ label: string }>(CITY_HOST, `SELECT label FROM federation_probe WHERE node_id = $1 ORDER BY channel_seq`, [CITY]).then((rows) => rows.map((row) => row.label));
  const deadLetter = (messageId: string) =>
    federation.sql<{ reason: string; detail: string; raw: unknown; raw_text: string | null }>(CITY_HOST, `SELECT reason, detail, raw, raw_text FROM federation_dead_letter WHERE message_id = $1`, [messageId]);
  const tasks = (taskId: string) => federation.sql(CITY_HOST, `SELECT task_id FROM linkage_task WHERE task_id = $1`, [taskId]);

  /** A task's issue from the province to the city, as a province host would send it; `change` breaks it. */
  function taskIssued(change: (payload: Record<string, unknown>) => void = () => undefined) {
    const taskId = randomUUID();
    const now = Date.now();
    const payload: Record<string, unknown> = signedTaskIssued(federation, {
      taskId,
      rootTaskId: taskId,
      parentTaskId: null,
      issuerId: PROVINCE,
      version: 1,
      kind: 'regular',
      linkageType: 'regional',
      scope: { nodeIds: [CITY] },
      title: '联动任务',
      requirements: '—',
      inheritedRequirements: null,
      focusPoints: [],
      startAt: new Date(now).toISOString(),
      deadline: new Date(now + 30 * 86_400_000).toISOString(),
      issuedAt: new Date(now).toISOString(),
      recipients: [CITY],
    });
    change(payload);
    return { taskId, envelope: craftEnvelope(federation, { from: PROVINCE, to: CITY, seq: ++seq, type: MessageType.LinkageTaskIssued, payload }) };
  }

  const probe = (label: string) => craftEnvelope(federation, { from: PROVINCE, to: CITY, seq: ++seq, label });

  it.each<[string, (payload: Record<string, unknown>) => void, RegExp]>([
    ['a number where the deadline belongs', (p) => (p.deadline = 1_700_000_000), /payload\.deadline/],
    ['a missing field', (p) => delete p.requirements, /payload\.requirements/],
    ['a title longer than its column', (p) => (p.title = '长'.repeat(201)), /payload\.title/],
    ['an unknown task kind', (p) => (p.kind = 'teleport'), /payload\.kind/],
  ])('dead-letters a task with %s and applies the next message on its channel', async (_name, breakIt, path) => {
    const bad = taskIssued(breakIt);
    const next = probe(`after-${bad.taskId}`);
    await deliverRaw(federation, CITY_HOST, [bad.envelope, next]);
    expect(await until(probeLabels, (labels) => labels.includes(`after-${bad.taskId}`))).toContain(`after-${bad.taskId}`);
    const [letter] = await deadLetter(bad.envelope.messageId);
    expect(letter.reason).toBe('invalid_payload');
    expect(letter.detail).toMatch(/breaks its contract/);
    expect(letter.detail).toMatch(path);
    expect(await tasks(bad.taskId)).toEqual([]);
  });

  it('stores the good envelopes of a job whose other envelope holds a NUL, applies them in order, and keeps the bad one as text', async () => {
    const first = probe('nul-before');
    const bad = craftEnvelope(federation, { from: PROVINCE, to: CITY, seq: ++seq, label: 'nul\u0000inside' });
    const last = probe('nul-after');
    await deliverBatch(federation, CITY_HOST, [first, bad, last]);
    const labels = await until(probeLabels, (all) => all.includes('nul-after'));
    expect(labels.slice(-2)).toEqual(['nul-before', 'nul-after']);
    const [letter] = await until(() => deadLetter(bad.messageId), (rows) => rows.length === 1);
    expect(letter.reason).toBe('invalid_payload');
    expect(letter.detail).toMatch(/payload\.label/);
    expect(letter.raw).toBeNull();
    expect(letter.raw_text).toContain('nul\\u0000inside');
    // The operator sees it in federationStatus too.
    const status = await federation.gql(CITY, `{ federationStatus(nodeId: "${CITY}") { deadLetters { messageId reason } } }`);
    expect(status.body.data.federationStatus.deadLetters).toContainEqual({ messageId: bad.messageId, reason: 'InvalidPayload' });
  });

  it('keeps a message whose NUL is refused even before its signature is checked, as text', async () => {
    const forged = { ...craftEnvelope(federation, { from: PROVINCE, to: CITY, seq: 9_999, label: 'forged\u0000' }), signature: Buffer.alloc(64, 1).toString('base64') };
    await deliverRaw(federation, CITY_HOST, [forged]);
    const [letter] = await until(() => deadLetter(forged.messageId), (rows) => rows.length === 1);
    expect(letter.reason).toBe('bad_signature');
    expect(letter.raw_text).toContain('forged\\u0000');
  });

  it('retries a valid message its handler cannot apply, lets the node’s other channels move on, dead-letters it after the attempts run out, and applies it on replay once fixed', async () => {
    // The database refuses the probe's row, as a handler bug or a broken schema would make it fail.
    await federation.sql(CITY_HOST, `ALTER TABLE federation_probe ADD CONSTRAINT test_refuses_boom CHECK (label <> 'boom')`);
    const boom = probe('boom');
    const behind = probe('behind-boom');
    await deliverRaw(federation, CITY_HOST, [boom, behind]);
    // A message on another channel into the same node (from a county, upward) is not held back.
    const fromCounty = craftEnvelope(federation, { from: '330102', to: CITY, seq: 1, label: 'from-county' });
    await deliverRaw(federation, CITY_HOST, [fromCounty]);
    expect(await until(probeLabels, (labels) => labels.includes('from-county'))).toContain('from-county');

    // While it is being retried, the operator sees the stuck channel, its attempts and the error.
    const stuck = await until<Array<{ peerId: string; direction: string; failedAttempts: number }>>(
      async () => (await federation.gql(CITY, `{ federationStatus(nodeId: "${CITY}") { channels { peerId direction held failedAttempts lastError } } }`)).body.data.federationStatus.channels,
      (channels: Array<{ peerId: string; direction: string; failedAttempts: number }>) => channels.some((c) => c.peerId === PROVINCE && c.failedAttempts > 0),
    );
    expect(stuck.find((c) => c.peerId === PROVINCE && c.direction === 'in')).toMatchObject({ held: 2, lastError: expect.stringMatching(/test_refuses_boom/) });

    const [letter] = await until(() => deadLetter(boom.messageId), (rows) => rows.length === 1);
    expect(letter.reason).toBe('handler_failed');
    expect(letter.detail).toMatch(/gave up after 3 attempts/);
    const [row] = await federation.sql<{ attempts: number; status: string }>(CITY_HOST, `SELECT attempts, status FROM federation_inbox WHERE message_id = $1`, [boom.messageId]);
    expect(row).toEqual({ attempts: 3, status: 'rejected' });
    // Then the channel moved on.
    expect(await until(probeLabels, (labels) => labels.includes('behind-boom'))).not.toContain('boom');

    await federation.sql(CITY_HOST, `ALTER TABLE federation_probe DROP CONSTRAINT test_refuses_boom`);
    const [{ id }] = await federation.sql<{ id: string }>(CITY_HOST, `SELECT id FROM federation_dead_letter WHERE message_id = $1`, [boom.messageId]);
    const replay = await federation.gql(CITY, `mutation($id: ID!) { replayDeadLetter(id: $id) { replayOutcome } }`, { id });
    expect(replay.body.errors).toBeUndefined();
    expect(replay.body.data.replayDeadLetter.replayOutcome).toBe('applied');
    expect(await probeLabels()).toContain('boom');
    // Replayed once, applied once.
    const again = await federation.gql(CITY, `mutation($id: ID!) { replayDeadLetter(id: $id) { replayOutcome } }`, { id });
    expect(again.body.data.replayDeadLetter.replayOutcome).toMatch(/not held as refused/);
    expect((await probeLabels()).filter((label) => label === 'boom')).toHaveLength(1);
  });

  it('refuses a task addressed past its receiver (tasks go one level at a time) and one going up', async () => {
    const { envelope } = taskIssued();
    const pastCity = craftEnvelope(federation, { from: PROVINCE, to: CITY, destination: '330102', seq: 1_000, type: MessageType.LinkageTaskIssued, payload: envelope.payload });
    const upward = craftEnvelope(federation, { from: '330102', to: CITY, seq: 1_000, type: MessageType.LinkageTaskIssued, payload: envelope.payload });
    await deliverRaw(federation, CITY_HOST, [pastCity, upward]);
    const [past] = await until(() => deadLetter(pastCity.messageId), (rows) => rows.length === 1);
    const [up] = await until(() => deadLetter(upward.messageId), (rows) => rows.length === 1);
    expect(past).toMatchObject({ reason: 'wrong_direction', detail: expect.stringMatching(/one level at a time/) });
    expect(up).toMatchObject({ reason: 'wrong_direction', detail: expect.stringMatching(/travels down/) });
  });
});
