import { randomUUID } from 'node:crypto';
import { MessageType } from '@app/federation';
import { craftEnvelope, deliverRaw, signContent, signedTaskIssued } from './utils/envelopes';
import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';

const DAY = 24 * 3600 * 1000;
const CITY = '130100';
const COUNTY = '130102';
const LOCAL_HOST = 'local-130000';
const TASK = `query($nodeId: ID!, $id: ID!) { linkageTask(nodeId: $nodeId, id: $id) {
  title issuerId cancelledAt cancelSignedBy { signerId valid }
  versions { version title signedBy { signerId signerName valid } } } }`;

/**
 * End-to-end trust of the issuer: tasks travel one level at a time, so each level must not have to
 * trust its parent for who issued what. A city host that alters a relayed task or forges one in
 * central's name is refused at the county, and the county can show from its own database who
 * issued each version of a task it holds.
 */
describe('linkage tasks: the issuer signs, every level verifies', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ boot: ['central', 'prov-130000', LOCAL_HOST] });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function ok<T>(nodeId: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await federation.gql(nodeId, query, variables);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await sleep(100);
    }
  }

  /** The next sequence number on the city → county channel, as the city host would take it. */
  async function nextSeq(): Promise<number> {
    const [row] = await federation.sql<{ last_seq: string }>(LOCAL_HOST, `SELECT last_seq FROM federation_channel_out WHERE node_id = $1 AND peer_id = $2`, [CITY, COUNTY]);
    return Number(row?.last_seq ?? 0) + 1;
  }

  const deadLetter = (messageId: string) => federation.sql<{ reason: string; detail: string }>(LOCAL_HOST, `SELECT reason, detail FROM federation_dead_letter WHERE message_id = $1`, [messageId]);
  const countyCopy = (taskId: string) => federation.sql(LOCAL_HOST, `SELECT task_id FROM linkage_task WHERE node_id = $1 AND task_id = $2`, [COUNTY, taskId]);

  it('keeps the issuer’s signature of each version and of the cancel at every level, and shows who issued them', async () => {
    const now = Date.now();
    const input = {
      nodeId: '000000',
      kind: 'Regular',
      linkageType: 'Regional',
      title: '签名任务',
      requirements: '端到端可信',
      focusPoints: [],
      scope: { nodeIds: [COUNTY] },
      startAt: new Date(now).toISOString(),
      deadline: new Date(now + 30 * DAY).toISOString(),
    };
    const { issueLinkageTask } = await ok<{ issueLinkageTask: { id: string } }>('000000', `mutation($input: IssueLinkageTaskInput!) { issueLinkageTask(input: $input) { id } }`, { input });
    const taskId = issueLinkageTask.id;
    await ok('000000', `mutation($input: AmendLinkageTaskInput!) { amendLinkageTask(input: $input) { id } }`, { input: { nodeId: '000000', taskId, title: '签名任务（修订）', note: '修订' } });
    await ok('000000', `mutation($input: CancelLinkageTaskInput!) { cancelLinkageTask(input: $input) { id } }`, { input: { nodeId: '000000', taskId, reason: '撤销' } });
    await federation.waitIdle();
    for (const nodeId of [COUNTY, CITY, '130000', '000000']) {
      const { linkageTask } = await ok<{ linkageTask: Record<string, unknown> }>(nodeId, TASK, { nodeId, id: taskId });
      expect({ nodeId, ...linkageTask }).toMatchObject({
        nodeId,
        issuerId: '000000',
        cancelSignedBy: { signerId: '000000', valid: true },
        versions: [
          { version: 1, title: '签名任务', signedBy: { signerId: '000000', signerName: '中央巡视工作领导小组办公室', valid: true } },
          { version: 2, title: '签名任务（修订）', signedBy: { signerId: '000000', valid: true } },
        ],
      });
    }
  });

  function taskFromCentral(overrides: Record<string, unknown> = {}) {
    const now = Date.now();
    const taskId = randomUUID();
    return signedTaskIssued(federation, {
      taskId,
      rootTaskId: taskId,
      parentTaskId: null,
      issuerId: '000000',
      version: 1,
      kind: 'regular',
      linkageType: 'regional',
      scope: { nodeIds: [COUNTY] },
      title: '中央任务',
      requirements: '—',
      inheritedRequirements: null,
      focusPoints: [],
      startAt: new Date(now).toISOString(),
      deadline: new Date(now + 30 * DAY).toISOString(),
      issuedAt: new Date(now).toISOString(),
      recipients: [COUNTY],
      ...overrides,
    });
  }

  it.each<[string, () => Record<string, unknown>]>([
    ['alters the content of a task central signed', () => ({ ...taskFromCentral(), title: '被篡改的任务' })],
    ['names a recipient outside the scope central signed', () => ({ ...taskFromCentral({ scope: { nodeIds: ['130104'] }, recipients: ['130104'] }), recipients: [COUNTY] })],
    ['issues a task in central’s name, signed with its own key', () => signedTaskIssued(federation, { ...taskFromCentral(), issuerSignature: undefined }, CITY)],
  ])('refuses at the county a task its city host %s, and applies nothing', async (_name, make) => {
    const payload = make();
    // Signed for the hop by the city's own, valid key: only the issuer's signature gives it away.
    const envelope = craftEnvelope(federation, { from: CITY, to: COUNTY, seq: await nextSeq(), type: MessageType.LinkageTaskIssued, payload });
    await federation.sql(LOCAL_HOST, `UPDATE federation_channel_out SET last_seq = $3 WHERE node_id = $1 AND peer_id = $2`, [CITY, COUNTY, envelope.seq]);
    await deliverRaw(federation, LOCAL_HOST, [envelope]);
    const [letter] = await until(() => deadLetter(envelope.messageId), (rows) => rows.length === 1);
    expect(letter.reason).toBe('forged_content');
    expect(letter.detail).toMatch(/not signed by its issuer 000000|outside the scope its issuer signed/);
    expect(await countyCopy(payload.taskId as string)).toEqual([]);
  });

  it('takes an assignment its city decomposed and signed itself', async () => {
    const taskId = randomUUID();
    const now = Date.now();
    const assignment = signedTaskIssued(federation, {
      ...taskFromCentral(),
      taskId,
      rootTaskId: randomUUID(),
      parentTaskId: randomUUID(),
      issuerId: CITY,
      title: '市级分解任务',
      issuedAt: new Date(now).toISOString(),
      issuerSignature: undefined,
    });
    const envelope = craftEnvelope(federation, { from: CITY, to: COUNTY, seq: await nextSeq(), type: MessageType.LinkageTaskIssued, payload: assignment });
    await federation.sql(LOCAL_HOST, `UPDATE federation_channel_out SET last_seq = $3 WHERE node_id = $1 AND peer_id = $2`, [CITY, COUNTY, envelope.seq]);
    await deliverRaw(federation, LOCAL_HOST, [envelope]);
    expect(await until(() => countyCopy(taskId), (rows) => rows.length === 1)).toHaveLength(1);
    // The county's receipt goes up to a city that never issued it and is refused there; the county holds what its city signed.
    const { linkageTask } = await ok<{ linkageTask: { versions: Array<{ signedBy: { signerId: string; valid: boolean } }> } }>(COUNTY, TASK, { nodeId: COUNTY, id: taskId });
    expect(linkageTask.versions[0].signedBy).toEqual({ signerId: CITY, signerName: '石家庄市', valid: true });
  });

  it('refuses an amendment or a cancel not signed by the task’s issuer', async () => {
    const task = taskFromCentral();
    const issued = craftEnvelope(federation, { from: CITY, to: COUNTY, seq: await nextSeq(), type: MessageType.LinkageTaskIssued, payload: task });
    const cancelContent = { taskId: task.taskId, reason: '伪造撤销', cancelledAt: new Date().toISOString() };
    const forgedCancel = craftEnvelope(federation, {
      from: CITY,
      to: COUNTY,
      seq: issued.seq + 1,
      type: MessageType.LinkageTaskCancelled,
      payload: { ...cancelContent, issuerSignature: signContent(federation, CITY, 'linkage_task.cancelled', cancelContent) },
    });
    await federation.sql(LOCAL_HOST, `UPDATE federation_channel_out SET last_seq = $3 WHERE node_id = $1 AND peer_id = $2`, [CITY, COUNTY, forgedCancel.seq]);
    await deliverRaw(federation, LOCAL_HOST, [issued, forgedCancel]);
    const [letter] = await until(() => deadLetter(forgedCancel.messageId), (rows) => rows.length === 1);
    expect(letter.reason).toBe('forged_content');
    const [copy] = await federation.sql<{ cancelled_at: Date | null }>(LOCAL_HOST, `SELECT cancelled_at FROM linkage_task WHERE node_id = $1 AND task_id = $2`, [COUNTY, task.taskId]);
    expect(copy).toEqual({ cancelled_at: null });
  });
});
