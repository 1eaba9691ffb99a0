import { Queue } from 'bullmq';
import request from 'supertest';
import { inboxQueueName, loadHostConfig } from '@app/federation';
import { checkRedis } from '@app/federation/host/preflight';
import { createRedisClient } from '@app/federation/transport/redis-client';
import { FlowVerdict, Route, checkHops, checkRoute } from '../tools/chaos/checker';
import { checkTaskFlows } from '../tools/chaos/task-checker';
import { freePort } from './utils/free-port';
import { REDIS_URL, TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';
import { TestRedisCluster } from './utils/redis-cluster';

const SEND_PROBE = `mutation($from: ID!, $to: ID!, $label: String!) { sendProbe(from: $from, to: $to, label: $label) }`;
const ISSUE = `mutation($input: IssueLinkageTaskInput!) { issueLinkageTask(input: $input) { id } }`;
const ACCEPT = `mutation($input: AcceptLinkageTaskInput!) { acceptLinkageTask(input: $input) { id } }`;
const PROGRESS = `mutation($input: ReportLinkageTaskProgressInput!) { reportLinkageTaskProgress(input: $input) { id } }`;
const COMPLETE = `mutation($input: CompleteLinkageTaskInput!) { completeLinkageTask(input: $input) { id } }`;
const TASK = `query($nodeId: ID!, $id: ID!) { linkageTask(nodeId: $nodeId, id: $id) { myStatus { state } rollup { units percentComplete counts { inProgress completed } } } }`;

/** Down three hops, up three hops, and a path that shares their channels. */
const ROUTES: Route[] = [
  { from: '000000', to: '130102' },
  { from: '130102', to: '000000' },
  { from: '130000', to: '130100' },
];
const RECIPIENTS = ['130100', '130102'];
const DAY = 24 * 3600 * 1000;

/**
 * The federation on a real Redis Cluster (three masters, a replica each), named by
 * REDIS_URL=redis+cluster://…: probes and a linkage task go down and up while the master holding
 * the federation's slot is killed and its replica promoted, and while every master is flushed; at
 * the end every message was applied once and in order, and every key the federation wrote hashes to
 * its queue prefix's slot.
 */
describe('the federation on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let federation: TestFederation;

  beforeAll(async () => {
    cluster = await TestRedisCluster.start();
    federation = await TestFederation.start({ boot: ['central', 'prov-130000', 'local-130000'], redisUrl: cluster.url });
  });

  afterAll(async () => {
    await federation?.close();
    await cluster?.stop();
  });

  async function ok<T>(nodeId: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await federation.gql(nodeId, query, variables);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  /** Probes on every route, one after another per route, until `stop` is set; each one must commit. */
  function sendUntil(stop: { stopped: boolean }): Promise<number[]> {
    return Promise.all(
      ROUTES.map(async (route, r) => {
        let sent = 0;
        while (!stop.stopped) {
          await ok(route.from, SEND_PROBE, { from: route.from, to: route.to, label: `cluster-r${r}-${sent++}` });
          await sleep(40);
        }
        return sent;
      }),
    );
  }

  async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Every key in the cluster is the federation's, in its prefix's slot, on the master serving that slot. */
  async function expectKeysInPrefixSlot(): Promise<void> {
    const slot = await cluster.keySlot(federation.queuePrefix);
    const master = await cluster.masterOf(federation.queuePrefix);
    const keys = await cluster.keys();
    expect(keys.length).toBeGreaterThan(0);
    const slots = await Promise.all(keys.map(({ key }) => cluster.keySlot(key)));
    const stray = keys.filter(({ key, port }, i) => !key.startsWith(federation.queuePrefix) || slots[i] !== slot || port !== master);
    expect(stray).toEqual([]);
  }

  /** A queue of this federation on the cluster, as a test's own client sees it. */
  async function withQueue<T>(hostId: string, use: (queue: Queue) => Promise<T>): Promise<T> {
    const connection = createRedisClient(cluster.url, { maxRetriesPerRequest: null });
    const queue = new Queue(inboxQueueName(hostId), { connection, prefix: federation.queuePrefix });
    try {
      return await use(queue);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }

  /** The message ids in the jobs waiting in a paused inbox queue, once none is in a worker's hands any more. */
  function waitingMessageIds(hostId: string): Promise<string[] | undefined> {
    return withQueue(hostId, async (queue) => {
      if ((await queue.getActiveCount()) > 0) return undefined;
      const jobs = await queue.getWaiting(0, -1);
      return [...new Set(jobs.flatMap((job) => ((job.data?.envelopes ?? [job.data]) as Array<{ messageId: string }>).map((envelope) => envelope.messageId)))];
    });
  }

  async function centralView(taskId: string): Promise<{ rollup: { units: number; percentComplete: number; counts: { inProgress: number; completed: number } } }> {
    return (await ok<{ linkageTask: { rollup: { units: number; percentComplete: number; counts: { inProgress: number; completed: number } } } }>('000000', TASK, { nodeId: '000000', id: taskId })).linkageTask;
  }

  it('refuses to start when the cluster does not answer, when REDIS_URL names one of its nodes alone, or a server as a cluster', async () => {
    const configWith = (redisUrl: string) => loadHostConfig({ ...federation.host('central').env, HOST_ID: 'central', REDIS_URL: redisUrl });
    const dead = [await freePort(), await freePort()];
    await expect(checkRedis(configWith(`redis+cluster://127.0.0.1:${dead[0]},127.0.0.1:${dead[1]}`))).rejects.toThrow(
      new RegExp(`^Redis Cluster is not answering at 127\\.0\\.0\\.1:${dead[0]},127\\.0\\.0\\.1:${dead[1]} \\(.+\\): start it`),
    );
    const port = await cluster.masterOf(federation.queuePrefix);
    await expect(checkRedis(configWith(`redis://127.0.0.1:${port}`))).rejects.toThrow(
      `Redis at 127.0.0.1:${port} is a node of a Redis Cluster: name the cluster as REDIS_URL=redis+cluster://127.0.0.1:${port},<other nodes>`,
    );
    const server = new URL(REDIS_URL);
    await expect(checkRedis(configWith(`redis+cluster://${server.host}`))).rejects.toThrow(
      `Redis at ${server.hostname}:${server.port || 6379} is one server, not a Redis Cluster: name it as REDIS_URL=redis://host:port`,
    );
    await expect(checkRedis(configWith(cluster.url))).resolves.toBeUndefined();
  });

  it('carries probes and a linkage task down and up, once each and in order, through a failover and a FLUSHALL', async () => {
    const stop = { stopped: false };
    let lostInFlush: string[] = [];
    let flushedAt = new Date(0);
    let taskId = '';
    const senders = sendUntil(stop);
    try {
      const { issueLinkageTask: task } = await ok<{ issueLinkageTask: { id: string } }>('000000', ISSUE, {
        input: {
          nodeId: '000000',
          kind: 'Regular',
          linkageType: 'Regional',
          title: '集群上的联动任务',
          requirements: '在 Redis 集群故障中下达与上报。',
          focusPoints: ['选人用人'],
          scope: { nodeIds: RECIPIENTS },
          startAt: new Date().toISOString(),
          deadline: new Date(Date.now() + 30 * DAY).toISOString(),
        },
      });
      taskId = task.id;
      // Not found until it arrives.
      const stateAt = async (nodeId: string) => (await federation.gql(nodeId, TASK, { nodeId, id: task.id })).body.data?.linkageTask?.myStatus?.state;
      const forEachRecipient = (query: string, input: Record<string, unknown>) => Promise.all(RECIPIENTS.map((nodeId) => ok(nodeId, query, { input: { nodeId, taskId: task.id, ...input } })));
      await waitFor('the task at its recipients', async () => (await Promise.all(RECIPIENTS.map(stateAt))).every((state) => state === 'Received'));

      // The master holding every key of the federation dies; its replica takes its slots over.
      const { killed, promoted } = await cluster.killMasterOf(federation.queuePrefix);
      expect(promoted).not.toBe(killed);
      await forEachRecipient(ACCEPT, {});
      await forEachRecipient(PROGRESS, { percent: 50, note: '过半' });
      await waitFor('the progress reports at central', async () => (await centralView(task.id)).rollup.counts.inProgress === RECIPIENTS.length);
      for (const host of ['central', 'prov-130000', 'local-130000']) {
        const health = await request(federation.host(host).url).get('/health');
        expect(health.body.info?.redis?.status).toBe('up');
      }
      await expectKeysInPrefixSlot();

      // Messages waiting in Redis when it loses everything: the city's host stops taking its inbox, then every master is flushed.
      await withQueue('local-130000', (queue) => queue.pause());
      await waitFor('deliveries waiting in the paused inbox', async () => ((lostInFlush = (await waitingMessageIds('local-130000')) ?? []).length > 0));
      await cluster.flushAll();
      [{ flushedAt }] = await federation.sql<{ flushedAt: Date }>('prov-130000', `SELECT now() AS "flushedAt"`);
      // Lost for good are those that no earlier copy had brought in before the pause.
      const storedEarlier = await federation.sql<{ id: string }>('local-130000', `SELECT message_id::text AS id FROM federation_inbox WHERE message_id = ANY($1::uuid[])`, [lostInFlush]);
      lostInFlush = lostInFlush.filter((id) => !storedEarlier.some((row) => row.id === id));
      expect(lostInFlush.length).toBeGreaterThan(0);
      // Nobody resumed the queue: only the flush can have taken its pause away.
      expect(await withQueue('local-130000', (queue) => queue.isPaused())).toBe(false);
      await forEachRecipient(COMPLETE, { report: '已完成' });
      await sleep(1_000);
    } finally {
      stop.stopped = true;
    }
    const sent = await senders;
    expect(Math.min(...sent)).toBeGreaterThan(10);

    await federation.waitIdle(60_000);
    const verdicts: FlowVerdict[] = [
      ...(await Promise.all(ROUTES.map((route, r) => checkRoute(federation, route, `cluster-r${r}-`)))),
      await checkHops(federation),
    ];
    const tasks = await checkTaskFlows(federation);
    verdicts.push(...tasks.messages, ...tasks.effects);
    for (const verdict of verdicts) expect({ flow: verdict.flow, lost: verdict.lost, duplicated: verdict.duplicated, outOfOrder: verdict.outOfOrder }).toEqual({ flow: verdict.flow, lost: 0, duplicated: 0, outOfOrder: 0 });
    for (const [r, verdict] of verdicts.slice(0, ROUTES.length).entries()) expect(verdict.committed).toBe(sent[r]);
    expect(tasks.tally).toMatchObject({ tasks: 1, completed: RECIPIENTS.length });
    expect((await centralView(taskId)).rollup).toMatchObject({ units: RECIPIENTS.length, percentComplete: 100, counts: { completed: RECIPIENTS.length } });

    // What the flush took from the paused inbox came back from the sender's outbox: published again after it, stored once.
    const redelivered = await federation.sql<{ message_id: string }>(
      'prov-130000',
      `SELECT message_id FROM federation_outbox WHERE message_id = ANY($1::uuid[]) AND last_published_at > $2 AND acked_at IS NOT NULL`,
      [lostInFlush, flushedAt],
    );
    expect(redelivered).toHaveLength(lostInFlush.length);
    const stored = await federation.sql<{ stored: number }>('local-130000', `SELECT count(*)::int AS stored FROM federation_inbox WHERE message_id = ANY($1::uuid[])`, [lostInFlush]);
    expect(stored[0].stored).toBe(lostInFlush.length);
  });

  it('keeps every key the federation wrote in its queue prefix’s slot', async () => {
    await expectKeysInPrefixSlot();
  });
});
