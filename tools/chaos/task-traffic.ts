import { sleep } from '../harness/host-process';
import { Calls } from './calls';
import { SeededRandom } from './seeded-random';

export const TASK_ISSUER = '000000';
/** Whom central's tasks go to: the province itself, a city, a county three hops down, and mixes whose paths share relays. */
const SCOPES: readonly string[][] = [['130000'], ['130100'], ['130102'], ['130000', '130203'], ['130100', '130202'], ['130104', '130200']];
export const TASK_RECIPIENTS = [...new Set(SCOPES.flat())].sort();

const DAY = 24 * 3600 * 1000;
const ISSUE = `mutation($input: IssueLinkageTaskInput!) { issueLinkageTask(input: $input) { id } }`;
const AMEND = `mutation($input: AmendLinkageTaskInput!) { amendLinkageTask(input: $input) { id version } }`;
const CANCEL = `mutation($input: CancelLinkageTaskInput!) { cancelLinkageTask(input: $input) { id } }`;
const DECOMPOSE = `mutation($input: DecomposeLinkageTaskInput!) { decomposeLinkageTask(input: $input) { id } }`;
const ACCEPT = `mutation($input: AcceptLinkageTaskInput!) { acceptLinkageTask(input: $input) { id } }`;
const PROGRESS = `mutation($input: ReportLinkageTaskProgressInput!) { reportLinkageTaskProgress(input: $input) { id } }`;
const COMPLETE = `mutation($input: CompleteLinkageTaskInput!) { completeLinkageTask(input: $input) { id } }`;
const RECEIVED = `query($nodeId: ID!) { linkageTasks(nodeId: $nodeId, filter: { role: Recipient }, page: { first: 100 }) { items { id deadline assignments { id } myStatus { state percent } } } }`;
/** Where a level that received a task divides it among its own lower levels (分级负责). */
const DECOMPOSES_TO: Readonly<Record<string, string[][]>> = {
  '130000': [['130102', '130203'], ['130100'], ['130202']],
  '130100': [['130102', '130104']],
  '130200': [['130202', '130203']],
};

/** Mutations the drivers got an answer to; the checker counts what committed from the databases. */
export interface TaskTraffic {
  issued: number;
  amended: number;
  cancelled: number;
  decomposed: number;
  reported: number;
}

interface Received {
  id: string;
  deadline: string;
  assignments: Array<{ id: string }>;
  myStatus: { state: string; percent: number } | null;
}

/**
 * Linkage tasks flowing down and their reports flowing up while faults strike: central issues tasks
 * to a few nodes, amends some and cancels some; each recipient accepts, reports progress and
 * completes what it holds, and a province or city decomposes some into assignments below it. Every driver has its own generator seeded from the soak's seed, so the choices replay;
 * a call that fails (its host down) is simply tried again later — only what committed counts.
 */
export async function driveTasks(calls: Calls, seed: number, running: () => boolean): Promise<TaskTraffic> {
  const traffic: TaskTraffic = { issued: 0, amended: 0, cancelled: 0, decomposed: 0, reported: 0 };
  const issuedIds: string[] = [];

  const issue = async (random: SeededRandom) => {
    for (let i = 0; running(); i++) {
      const now = Date.now();
      const input = {
        nodeId: TASK_ISSUER,
        kind: 'Regular',
        linkageType: 'Regional',
        title: `chaos task ${seed}-${i}`,
        requirements: '压力测试：任务在故障中下达、修订、上报。',
        focusPoints: ['选人用人'],
        scope: { nodeIds: random.pick(SCOPES) },
        startAt: new Date(now).toISOString(),
        deadline: new Date(now + 30 * DAY).toISOString(),
      };
      const data = await calls.run<{ issueLinkageTask: { id: string } }>(TASK_ISSUER, ISSUE, { input });
      if (data) {
        traffic.issued++;
        issuedIds.push(data.issueLinkageTask.id);
      }
      await sleep(random.between(600, 1_800));
    }
  };

  const amend = async (random: SeededRandom) => {
    for (let n = 1; running(); n++) {
      await sleep(random.between(1_500, 3_500));
      if (issuedIds.length === 0 || !running()) continue;
      const taskId = random.pick(issuedIds);
      const data = await calls.run(TASK_ISSUER, AMEND, { input: { nodeId: TASK_ISSUER, taskId, requirements: `修订 ${n}：补充重点。`, note: `chaos amendment ${n}` } });
      if (data) traffic.amended++;
    }
  };

  /** Now and then central calls a task off, wherever its recipients are with it; their reports on their way up must not undo it. */
  const cancel = async (random: SeededRandom) => {
    for (let n = 1; running(); n++) {
      await sleep(random.between(4_000, 8_000));
      if (issuedIds.length < 3 || !running()) continue;
      const taskId = issuedIds.splice(Math.floor(random.between(0, issuedIds.length - 0.001)), 1)[0];
      const data = await calls.run(TASK_ISSUER, CANCEL, { input: { nodeId: TASK_ISSUER, taskId, reason: `chaos cancel ${n}` } });
      if (data) traffic.cancelled++;
    }
  };

  /**
   * One step forward on one open task: accept, then progress in seeded steps, then complete; a
   * province or city decomposes an accepted task into assignments for its own lower levels once.
   * A task may be cancelled between the read and the step: its refusal is expected.
   */
  const work = async (nodeId: string, random: SeededRandom) => {
    while (running()) {
      await sleep(random.between(400, 1_200));
      const data = await calls.run<{ linkageTasks: { items: Received[] } }>(nodeId, RECEIVED, { nodeId });
      const open = (data?.linkageTasks.items ?? []).filter((task) => ['Received', 'Accepted', 'InProgress'].includes(task.myStatus?.state ?? ''));
      if (open.length === 0 || !running()) continue;
      const task = random.pick(open);
      const { state, percent } = task.myStatus!;
      const scopes = DECOMPOSES_TO[nodeId];
      if (scopes && state === 'Accepted' && task.assignments.length === 0 && random.between(0, 1) < 0.5) {
        const input = {
          nodeId,
          taskId: task.id,
          addedRequirements: `分解：${nodeId} 的细化要求。`,
          scope: { nodeIds: random.pick(scopes) },
          deadline: task.deadline,
        };
        if (await calls.run(nodeId, DECOMPOSE, { input })) traffic.decomposed++;
        continue;
      }
      const step = Math.round(random.between(10, 40));
      const input = { nodeId, taskId: task.id };
      const done =
        state === 'Received'
          ? await calls.run(nodeId, ACCEPT, { input })
          : state === 'InProgress' && percent + step >= 100
            ? await calls.run(nodeId, COMPLETE, { input: { ...input, report: `完成报告：${nodeId}` } })
            : await calls.run(nodeId, PROGRESS, { input: { ...input, percent: Math.min(99, percent + step), note: `进度 ${percent + step}%` } });
      if (done) traffic.reported++;
    }
  };

  await Promise.all([
    issue(new SeededRandom(seed ^ 0x7a5c)),
    amend(new SeededRandom(seed ^ 0xa3e1)),
    cancel(new SeededRandom(seed ^ 0xc4c3)),
    ...TASK_RECIPIENTS.map((nodeId, i) => work(nodeId, new SeededRandom(seed ^ (0x5eed + i)))),
  ]);
  return traffic;
}
