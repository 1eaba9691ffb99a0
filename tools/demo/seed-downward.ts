import { DemoClient, DemoSeed } from './demo-client';

const DAY = 24 * 3600 * 1000;
const TITLE = '2025年区域性联动巡视（河北省）';

interface TaskView {
  id: string;
  rollup: { units: number; percentComplete: number; counts: { completed: number; inProgress: number; accepted: number } };
}

const ROLLUP = `id rollup { units percentComplete counts { completed inProgress accepted } }`;

/**
 * The demo's downward flow: central issues a regional linkage task to 河北省 (130000); the province
 * accepts it and decomposes it into assignments for its four counties, relayed through their cities;
 * counties accept, report progress and complete, and central's view of the task fills up.
 *
 * To watch it (token: `npm run token -- --node 000000 --role inspection_office`), at central's /graphql:
 *   { linkageTasks(nodeId: "000000", filter: { role: Issuer }) { items { id title rollup { units percentComplete
 *       counts { received accepted inProgress overdue completed } overdue { nodeName deadline } }
 *       children { childName childState rollup { percentComplete } } } } }
 * and live, over graphql-ws with { "authorization": "Bearer <token>" } as connection params:
 *   subscription { downwardStatusChanged(nodeId: "000000") { kind subjectId targetId state at } }
 * At the province's host (node 130000) the same query with role Recipient shows `assignments`, and on
 * its local host the city 130100 (role Relay) shows `recipients { recipientName state percent }`.
 */
export const downwardSeed: DemoSeed = {
  name: 'downward: regional linkage task 中央 → 河北省 → counties',

  async isSeeded(client: DemoClient): Promise<boolean> {
    const data = await client.gql<{ linkageTasks: { items: unknown[] } }>(
      '000000',
      `query($search: String) { linkageTasks(nodeId: "000000", filter: { role: Issuer, search: $search }, page: { first: 1 }) { items { id } } }`,
      { search: TITLE },
    );
    return data.linkageTasks.items.length > 0;
  },

  async run(client: DemoClient): Promise<void> {
    const now = Date.now();
    const issued = await mutate<TaskView>(client, '000000', 'issueLinkageTask', 'IssueLinkageTaskInput', {
      kind: 'Regular',
      linkageType: 'Regional',
      title: TITLE,
      requirements: '坚持以上率下、上下联动，统筹省市县三级巡视巡察力量，聚焦“两个维护”开展政治监督。',
      focusPoints: ['落实党中央重大决策部署', '选人用人', '作风建设'],
      scope: { nodeIds: ['130000'] },
      startAt: new Date(now).toISOString(),
      deadline: new Date(now + 90 * DAY).toISOString(),
    });
    client.log(`central issued linkage task ${issued.id} to 河北省`);
    await client.waitIdle();

    await mutate(client, '130000', 'acceptLinkageTask', 'AcceptLinkageTaskInput', { taskId: issued.id });
    const assignment = await mutate<TaskView>(client, '130000', 'decomposeLinkageTask', 'DecomposeLinkageTaskInput', {
      taskId: issued.id,
      title: '2025年县级巡察联动任务',
      addedRequirements: '各县（市、区）同步开展巡察，重点整治群众身边的不正之风和腐败问题，按月报送进展。',
      addedFocusPoints: ['基层“微腐败”'],
      scope: { tier: 'County' },
      deadline: new Date(now + 75 * DAY).toISOString(),
    });
    client.log(`河北省 decomposed it into assignment ${assignment.id} for its counties`);
    await client.waitIdle();

    for (const county of ['130102', '130104', '130202', '130203']) {
      await mutate(client, county, 'acceptLinkageTask', 'AcceptLinkageTaskInput', { taskId: assignment.id });
    }
    await mutate(client, '130102', 'completeLinkageTask', 'CompleteLinkageTaskInput', {
      taskId: assignment.id,
      report: '巡察进驻结束，发现问题26个，移交问题线索4条，已反馈被巡察党组织。',
    });
    await mutate(client, '130104', 'reportLinkageTaskProgress', 'ReportLinkageTaskProgressInput', { taskId: assignment.id, percent: 60, note: '已完成进驻和个别谈话' });
    await mutate(client, '130202', 'reportLinkageTaskProgress', 'ReportLinkageTaskProgressInput', { taskId: assignment.id, percent: 30, note: '进驻第一周' });
    await client.waitIdle();

    const seen = await client.gql<{ linkageTask: TaskView }>('000000', `query($id: ID!) { linkageTask(nodeId: "000000", id: $id) { ${ROLLUP} } }`, { id: issued.id });
    const { units, percentComplete, counts } = seen.linkageTask.rollup;
    client.log(`central sees ${units} units on the task: ${counts.completed} completed, ${counts.inProgress} in progress, ${counts.accepted} accepted — ${percentComplete}% complete`);
  },
};

async function mutate<T = { id: string }>(client: DemoClient, nodeId: string, name: string, inputType: string, input: Record<string, unknown>): Promise<T> {
  const data = await client.gql<Record<string, T>>(nodeId, `mutation($input: ${inputType}!) { ${name}(input: $input) { ${ROLLUP} } }`, { input: { nodeId, ...input } });
  return data[name];
}
