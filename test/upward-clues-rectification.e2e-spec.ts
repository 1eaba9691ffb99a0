import { concentratedRectificationEnds, progressReportDue, publicationDue, supervisionReportsDue } from '@app/domain/deadlines/rectification-rules';
import { Role } from '@app/federation/auth/caller';
import { DateTime } from 'luxon';
import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';

const shanghaiToday = () => DateTime.now().setZone('Asia/Shanghai');
const dateIn = (shift: { months?: number; days?: number }) => shanghaiToday().plus(shift).toISODate()!;

const CLUE = `id reference originNodeId holderNodeId managedBy status`;
const RECORD_CLUE = `mutation($input: RecordClueInput!) { recordProblemClue(input: $input) { ${CLUE} } }`;
const TRANSFER_CLUE = `mutation($input: TransferClueInput!) { transferProblemClue(input: $input) { ${CLUE} } }`;
const DISPOSE_CLUE = `mutation($input: DisposeClueInput!) { disposeProblemClue(input: $input) { ${CLUE} } }`;
const CLUES = `query($nodeId: ID!) { problemClues(nodeId: $nodeId) { ${CLUE} } }`;
const CONTENT = `query($nodeId: ID!, $clueId: ID!) { problemClueContent(nodeId: $nodeId, clueId: $clueId) { reference cadreName cadrePosition allegation source } }`;
const COUNTS = `query($nodeId: ID!) { problemClueCounts(nodeId: $nodeId) { status count } }`;

const RECTIFICATION = `id side status organisation feedbackReceivedOn concentratedEndsOn progressReportDueOn supervisionReportsDueOn democraticLifeMeetingOn reviewReceivedOn publicationDueOn internalNoticeOn publicDisclosureOn`;
const DEADLINES = `query($nodeId: ID!, $statuses: [DeadlineStatus!]) { deadlines(nodeId: $nodeId, statuses: $statuses) { ownerNodeId kind recordId subjectId dueOn status late } }`;
const ALERTS = `query($nodeId: ID!) { overdueAlerts(nodeId: $nodeId) { ownerNodeId kind recordId subjectId dueOn status } }`;

/**
 * Problem clues (confidential content, transfer by cadre-management level, disposal reported back)
 * and a rectification under the deadlines of seed 000 that goes overdue and is alerted upward.
 * "Now" is never faked: the feedback is recorded as received four months ago, which the API allows.
 */
describe('upward flows: problem clues and rectification', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ env: { DEADLINE_SWEEP_INTERVAL_MS: '300' } });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function call<T = Record<string, any>>(nodeId: string, query: string, variables: Record<string, unknown> = {}, roles?: Role[]): Promise<T> {
    const res = await federation.gql(nodeId, query, variables, roles);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  async function refusal(nodeId: string, query: string, variables: Record<string, unknown> = {}, roles?: Role[]) {
    const res = await federation.gql(nodeId, query, variables, roles);
    expect(res.body.errors).toBeDefined();
    return res.body.errors[0];
  }

  async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await probe();
    while (!done(value) && Date.now() < deadline) {
      await sleep(200);
      value = await probe();
    }
    return value;
  }

  describe('problem clues (问题线索)', () => {
    const clues: Record<string, { id: string; reference: string }> = {};
    const record = async (name: string, managedBy: string) => {
      const input = { nodeId: '130102', managedBy, cadreName: `${name}某`, cadrePosition: '某局局长', allegation: `${name}：违规收受礼金`, source: '个别谈话' };
      const { recordProblemClue } = await call('130102', RECORD_CLUE, { input });
      clues[name] = recordProblemClue;
      const { transferProblemClue } = await call('130102', TRANSFER_CLUE, { input: { nodeId: '130102', clueId: recordProblemClue.id } });
      return transferProblemClue;
    };

    it('transfers each clue to the discipline organ of the level that manages the cadre', async () => {
      expect(await record('county', 'County')).toMatchObject({ holderNodeId: '130102', status: 'Transferred' });
      expect(await record('city', 'Municipal')).toMatchObject({ holderNodeId: '130100', status: 'Transferred' });
      expect(await record('province', 'Provincial')).toMatchObject({ holderNodeId: '130000', status: 'Transferred' });
      await federation.waitIdle();

      const atCity = (await call('130100', CLUES, { nodeId: '130100' })).problemClues;
      expect(atCity.map((c: { holderNodeId: string }) => c.holderNodeId).sort()).toEqual(['130000', '130100', '130102']);
      const content = (await call('130000', CONTENT, { nodeId: '130000', clueId: clues.province.id }, [Role.Discipline])).problemClueContent;
      expect(content).toMatchObject({ reference: clues.province.reference, cadreName: 'province某', allegation: 'province：违规收受礼金' });
    });

    it('keeps the content only where the clue is held, never at the levels it passed', async () => {
      const contentRows = (hostId: string, nodeId: string) =>
        federation.sql(hostId, `SELECT clue_id FROM problem_clue_content WHERE node_id = $1 ORDER BY clue_id`, [nodeId]);
      expect(await contentRows('local-130000', '130102')).toEqual([{ clue_id: clues.county.id }]);
      expect(await contentRows('local-130000', '130100')).toEqual([{ clue_id: clues.city.id }]);
      expect(await contentRows('prov-130000', '130000')).toEqual([{ clue_id: clues.province.id }]);
    });

    it('lets only the discipline organ of the holding node read the content; everyone else is refused', async () => {
      const read = (nodeId: string, roles: Role[]) => federation.gql(nodeId, CONTENT, { nodeId, clueId: clues.city.id }, roles);
      const granted = await read('130100', [Role.Discipline]);
      expect(granted.body.data.problemClueContent).toMatchObject({ cadreName: 'city某', cadrePosition: '某局局长' });

      for (const [nodeId, roles] of [
        ['130100', [Role.InspectionOffice, Role.LeadingGroup]],
        ['130102', [Role.Discipline]],
        ['130000', [Role.Discipline]],
      ] as const) {
        const denied = await read(nodeId, [...roles]);
        expect(denied.body.data).toBeNull();
        expect(denied.body.errors[0].message).toMatch(/confidential|only its discipline organ/);
        expect(denied.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CLUE_CONTENT_RESTRICTED' });
      }
    });

    it('tracks the disposal at the holder and reports it back down to the node that transferred it', async () => {
      for (const status of ['Received', 'PreliminaryVerification', 'CaseFiled']) {
        await call('130100', DISPOSE_CLUE, { input: { nodeId: '130100', clueId: clues.city.id, status } }, [Role.Discipline]);
      }
      await federation.waitIdle();
      const atCounty = (await call('130102', CLUES, { nodeId: '130102' })).problemClues;
      expect(atCounty.find((c: { id: string }) => c.id === clues.city.id)).toMatchObject({ status: 'CaseFiled', holderNodeId: '130100' });
      for (const viewer of ['130000', '000000']) {
        const counts = (await call(viewer, COUNTS, { nodeId: viewer }, [Role.Analyst])).problemClueCounts;
        expect(counts).toEqual(
          expect.arrayContaining([
            { status: 'Transferred', count: 2 },
            { status: 'CaseFiled', count: 1 },
            { status: 'Recorded', count: 0 },
          ]),
        );
      }
    });

    it('refuses a disposal out of order, by a level not holding the clue, or without the discipline role', async () => {
      const backwards = await refusal('130100', DISPOSE_CLUE, { input: { nodeId: '130100', clueId: clues.city.id, status: 'Received' } }, [Role.Discipline]);
      expect(backwards.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_CLUE_TRANSITION' });
      const notHolder = await refusal('130102', DISPOSE_CLUE, { input: { nodeId: '130102', clueId: clues.city.id, status: 'Closed' } }, [Role.Discipline]);
      expect(notHolder.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_THE_HOLDER' });
      const office = await refusal('130100', DISPOSE_CLUE, { input: { nodeId: '130100', clueId: clues.city.id, status: 'Closed' } });
      expect(office.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' });
    });
  });

  describe('a rectification that goes overdue', () => {
    const feedbackReceivedOn = dateIn({ months: -4 });
    let rectificationId: string;
    let lateTaskId: string;
    let longTermTaskId: string;

    const detailOf = async (nodeId: string, roles?: Role[]) =>
      (
        await call(
          nodeId,
          `query($nodeId: ID!, $id: ID!) { rectification(nodeId: $nodeId, id: $id) {
             rectification { ${RECTIFICATION} }
             problems { description tasks { id measure responsible dueOn longTerm status overdue stages { id goal dueOn overdue } } }
             responsibilities { responsible tasks open }
             reviewOpinions { office opinion }
             reports { kind summary addressedTo copiedTo items { measure done } }
             deadlines { kind subjectId dueOn status late } } }`,
          { nodeId, id: rectificationId },
          roles,
        )
      ).rectification;

    it('starts every clock from the day the feedback was received, by the rules of seed 000', async () => {
      const { deliverRectificationFeedback: opened } = await call('130100', `mutation($input: DeliverRectificationFeedbackInput!) { deliverRectificationFeedback(input: $input) { ${RECTIFICATION} } }`, {
        input: { nodeId: '130100', inspectedNodeId: '130102', organisation: '中共长安区委', feedbackSummary: '落实全面从严治党主体责任不到位', feedbackReceivedOn },
      });
      rectificationId = opened.id;
      expect(opened).toMatchObject({
        side: 'Supervising',
        status: 'Concentrated',
        concentratedEndsOn: concentratedRectificationEnds(feedbackReceivedOn),
        progressReportDueOn: progressReportDue(feedbackReceivedOn),
        supervisionReportsDueOn: supervisionReportsDue(feedbackReceivedOn),
      });
      await federation.waitIdle();
      expect((await detailOf('130102')).rectification).toMatchObject({ side: 'Inspected', status: 'Concentrated', feedbackReceivedOn });
    });

    it('keeps concentrated tasks inside the concentrated period and asks long-term tasks for staged goals', async () => {
      const plan = (tasks: unknown[]) => refusal('130102', `mutation($input: PlanRectificationProblemInput!) { planRectificationProblem(input: $input) { rectification { id } } }`, { input: { nodeId: '130102', rectificationId, description: 'x', tasks } });
      const outside = await plan([{ measure: 'm', responsible: 'r', dueOn: dateIn({ days: 1 }) }]);
      expect(outside.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OUTSIDE_CONCENTRATED_PERIOD' });
      const noStages = await plan([{ measure: 'm', responsible: 'r', longTerm: true }]);
      expect(noStages.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STAGES_REQUIRED' });
    });

    it('keeps problem, task and responsibility lists with per-item status', async () => {
      const { planRectificationProblem: detail } = await call(
        '130102',
        `mutation($input: PlanRectificationProblemInput!) { planRectificationProblem(input: $input) { problems { tasks { id longTerm overdue } } responsibilities { responsible tasks open } } }`,
        {
          input: {
            nodeId: '130102',
            rectificationId,
            description: '基层党组织建设薄弱',
            tasks: [
              { measure: '完成软弱涣散党组织整顿', responsible: '区委组织部', dueOn: DateTime.fromISO(feedbackReceivedOn).plus({ months: 1 }).toISODate() },
              { measure: '建立党建责任制考核长效机制', responsible: '区委办公室', longTerm: true, stages: [{ goal: '出台考核办法', dueOn: dateIn({ months: 2 }) }] },
            ],
          },
        },
      );
      const [late, longTerm] = detail.problems[0].tasks;
      lateTaskId = late.id;
      longTermTaskId = longTerm.id;
      expect(late).toMatchObject({ longTerm: false, overdue: true });
      expect(longTerm).toMatchObject({ longTerm: true, overdue: false });
      expect(detail.responsibilities).toEqual([
        { responsible: '区委办公室', tasks: 1, open: 1 },
        { responsible: '区委组织部', tasks: 1, open: 1 },
      ]);
    });

    it('finds the overdue obligations on its own, as time passes, and alerts the supervising city through the federation', async () => {
      const wanted = ['DemocraticLifeMeeting', 'ProgressReport', 'RectificationTask'];
      type Alert = { kind: string; ownerNodeId: string; recordId: string };
      const alerts = await eventually(
        async () => (await call<{ overdueAlerts: Alert[] }>('130100', ALERTS, { nodeId: '130100' })).overdueAlerts.filter((a) => a.recordId === rectificationId),
        (found) => found.length >= wanted.length,
      );
      expect(alerts.map((a) => a.kind).sort()).toEqual(wanted);
      expect(alerts.every((a) => a.ownerNodeId === '130102')).toBe(true);

      // Detected by the county's sweep (its own rows), carried as deadline.status messages from 130102.
      const owned = await federation.sql('local-130000', `SELECT kind, status, overdue_at IS NOT NULL AS detected FROM tracked_deadline WHERE node_id = '130102' AND record_id = $1 ORDER BY kind`, [rectificationId]);
      expect(owned.filter((row) => row.status === 'overdue').map((row) => row.kind)).toEqual(['democratic_life_meeting', 'progress_report', 'rectification_task']);
      const [{ n }] = await federation.sql('local-130000', `SELECT count(*)::int AS n FROM federation_inbox WHERE node_id = '130100' AND origin = '130102' AND type = 'deadline.status' AND envelope->'payload'->>'status' = 'overdue'`);
      expect(n).toBeGreaterThanOrEqual(3);

      await federation.waitIdle();
      for (const viewer of ['130102', '130100', '130000', '000000']) {
        const overdue = (await call(viewer, DEADLINES, { nodeId: viewer, statuses: ['Overdue'] }, [Role.Analyst])).deadlines.filter((d: { recordId: string }) => d.recordId === rectificationId);
        expect(overdue.map((d: { kind: string }) => d.kind).sort()).toEqual(wanted);
      }
      // Alerts go to the supervising level only; the province sees the state, not an alert.
      expect((await call('130000', ALERTS, { nodeId: '130000' })).overdueAlerts.filter((a: { recordId: string }) => a.recordId === rectificationId)).toEqual([]);
    });

    it('meets late obligations late and sends the progress report to the city’s discipline organ, copied to the other two offices', async () => {
      await call('130102', `mutation($input: CompleteRectificationTaskInput!) { completeRectificationTask(input: $input) { status } }`, { input: { nodeId: '130102', taskId: lateTaskId, note: '已整顿3个' } });
      await call('130102', `mutation($input: RecordDemocraticLifeMeetingInput!) { recordDemocraticLifeMeeting(input: $input) { democraticLifeMeetingOn } }`, {
        input: { nodeId: '130102', rectificationId, heldOn: DateTime.fromISO(feedbackReceivedOn).plus({ months: 2 }).toISODate() },
      });
      await call('130102', `mutation($input: RectificationReportInput!) { submitRectificationProgressReport(input: $input) { status } }`, { input: { nodeId: '130102', rectificationId, summary: '集中整改进展情况' } });
      await federation.waitIdle();

      const atCity = await detailOf('130100', [Role.Discipline]);
      expect(atCity.rectification.status).toBe('ProgressReported');
      expect(atCity.reports).toEqual([
        {
          kind: 'Progress',
          summary: '集中整改进展情况',
          addressedTo: 'Discipline',
          copiedTo: ['Organization', 'InspectionOffice'],
          items: [
            { measure: '完成软弱涣散党组织整顿', done: true },
            { measure: '建立党建责任制考核长效机制', done: false },
          ],
        },
      ]);
      const met = atCity.deadlines.filter((d: { kind: string }) => ['ProgressReport', 'RectificationTask', 'DemocraticLifeMeeting'].includes(d.kind));
      expect(met.map((d: { status: string; late: boolean }) => [d.status, d.late])).toEqual([
        ['Met', true],
        ['Met', true],
        ['Met', true],
      ]);
    });

    it('combines the three offices’ opinions into one review, and starts the one-month publication clock on receipt', async () => {
      const REVIEW_PART = `mutation($input: RecordRectificationReviewOpinionInput!) { recordRectificationReviewOpinion(input: $input) { status } }`;
      const ISSUE = `mutation($input: IssueRectificationReviewInput!) { issueRectificationReview(input: $input) { status } }`;
      await call('130100', REVIEW_PART, { input: { nodeId: '130100', rectificationId, office: 'Discipline', opinion: '纪委监委：整改总体到位' } }, [Role.Discipline]);
      const wrongRole = await refusal('130100', REVIEW_PART, { input: { nodeId: '130100', rectificationId, office: 'Discipline', opinion: '越权' } }, [Role.Organization]);
      expect(wrongRole.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' });
      const incomplete = await refusal('130100', ISSUE, { input: { nodeId: '130100', rectificationId, overall: '总体评价' } }, [Role.Discipline]);
      expect(incomplete.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REVIEW_INCOMPLETE', missing: ['organization', 'inspection_office'] });
      const notSupervising = await refusal('130102', ISSUE, { input: { nodeId: '130102', rectificationId, overall: '自审' } }, [Role.Discipline]);
      expect(notSupervising.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_THE_SUPERVISING_LEVEL' });

      await call('130100', REVIEW_PART, { input: { nodeId: '130100', rectificationId, office: 'Organization', opinion: '组织部：班子建设需加强' } }, [Role.Organization]);
      await call('130100', REVIEW_PART, { input: { nodeId: '130100', rectificationId, office: 'InspectionOffice', opinion: '巡察办：长期任务需跟踪' } });
      await call('130100', ISSUE, { input: { nodeId: '130100', rectificationId, overall: '总体评价：基本完成集中整改任务' } }, [Role.Discipline]);
      await federation.waitIdle();

      const atCounty = await detailOf('130102');
      const today = shanghaiToday().toISODate()!;
      expect(atCounty.rectification).toMatchObject({ status: 'Reviewed', reviewReceivedOn: today, publicationDueOn: publicationDue(today) });
      expect(atCounty.reviewOpinions.map((o: { office: string }) => o.office).sort()).toEqual(['Discipline', 'InspectionOffice', 'Organization']);
      expect(atCounty.deadlines).toContainEqual(expect.objectContaining({ kind: 'Publication', dueOn: publicationDue(today), status: 'Open' }));
    });

    it('records publication, follow-up reports on long-term tasks and both supervision reports', async () => {
      const today = shanghaiToday().toISODate()!;
      await call('130102', `mutation($input: RecordRectificationPublicationInput!) { recordRectificationPublication(input: $input) { status } }`, {
        input: { nodeId: '130102', rectificationId, internalNoticeOn: today, publicDisclosureOn: today },
      });
      await call('130102', `mutation($input: RectificationReportInput!) { fileRectificationFollowUpReport(input: $input) { kind } }`, { input: { nodeId: '130102', rectificationId, summary: '长期任务推进情况' } });
      const SUPERVISION = `mutation($input: FileRectificationSupervisionReportInput!) { fileRectificationSupervisionReport(input: $input) { kind addressedTo } }`;
      const disciplineReport = await call('130100', SUPERVISION, { input: { nodeId: '130100', rectificationId, office: 'Discipline', summary: '纪委监委监督情况' } }, [Role.Discipline]);
      expect(disciplineReport.fileRectificationSupervisionReport).toEqual({ kind: 'SupervisionDiscipline', addressedTo: 'LeadingGroup' });
      await call('130100', SUPERVISION, { input: { nodeId: '130100', rectificationId, office: 'Organization', summary: '组织部监督情况' } }, [Role.Organization]);
      const twice = await refusal('130100', SUPERVISION, { input: { nodeId: '130100', rectificationId, office: 'Discipline', summary: '再报' } }, [Role.Discipline]);
      expect(twice.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_FILED' });
      await federation.waitIdle();

      const atCity = await detailOf('130100', [Role.LeadingGroup]);
      expect(atCity.rectification).toMatchObject({ status: 'Published', internalNoticeOn: today, publicDisclosureOn: today });
      expect(atCity.reports.map((r: { kind: string }) => r.kind)).toEqual(['Progress', 'FollowUp', 'SupervisionDiscipline', 'SupervisionOrganization']);
      const open = atCity.deadlines.filter((d: { status: string }) => d.status !== 'Met').map((d: { kind: string }) => d.kind);
      expect(open).toEqual(['RectificationStage']);
      expect((await detailOf('130102')).problems[0].tasks.find((t: { id: string }) => t.id === longTermTaskId).stages).toHaveLength(1);
    });

    it('refuses feedback dated in the future, to a grandchild, and rectification details to an analyst', async () => {
      const DELIVER = `mutation($input: DeliverRectificationFeedbackInput!) { deliverRectificationFeedback(input: $input) { id } }`;
      const base = { organisation: '中共某委', feedbackSummary: 's' };
      const future = await refusal('130100', DELIVER, { input: { ...base, nodeId: '130100', inspectedNodeId: '130104', feedbackReceivedOn: dateIn({ days: 2 }) } });
      expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DATE' });
      const grandchild = await refusal('130000', DELIVER, { input: { ...base, nodeId: '130000', inspectedNodeId: '130102', feedbackReceivedOn: dateIn({ days: -2 }) } });
      expect(grandchild.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_CHILD' });
      const analyst = await refusal('130100', `query($id: ID!) { rectification(nodeId: "130100", id: $id) { rectification { id } } }`, { id: rectificationId }, [Role.Analyst]);
      expect(analyst.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' });
      const [{ n }] = await federation.sql('local-130000', `SELECT count(*)::int AS n FROM rectification`);
      expect(n).toBe(2);
    });
  });
});
