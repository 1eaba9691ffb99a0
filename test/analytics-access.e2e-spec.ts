import { CallerTokens } from '@app/federation/auth/caller-tokens';
import { Role } from '@app/federation/auth/caller';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { POSTGRES_URL, TestFederation } from './utils/federation';

const run = promisify(execFile);
const DAY = 24 * 3600 * 1000;

const CLUE_COUNTS = `query($nodeId: ID!) { problemClueCounts(nodeId: $nodeId) { status count } }`;
const CLUES = `query($nodeId: ID!) { problemClues(nodeId: $nodeId) { id } }`;
const RECORD_CLUE = `mutation($input: RecordClueInput!) { recordProblemClue(input: $input) { id reference } }`;
const CONTENT = `query($nodeId: ID!, $clueId: ID!) { problemClueContent(nodeId: $nodeId, clueId: $clueId) { reference cadreName } }`;
const ISSUE = `mutation($input: IssueLinkageTaskInput!) { issueLinkageTask(input: $input) { id } }`;
const AUDIT = `query($filter: AuditLogFilter) { auditLog(filter: $filter) { entries { nodeId seq at subject callerNodeId roles action operation target outcome detail } nextCursor } }`;

interface Entry {
  nodeId: string;
  seq: number;
  at: string;
  callerNodeId: string | null;
  action: string;
  operation: string;
  target: string;
  outcome: string;
  detail: string;
}

/**
 * Access control and the audit log on real hosts: 河北省 (prov-130000) and its cities and counties
 * (local-130000). Every refusal is a clear error and leaves a row in the refusing node's chain.
 */
describe('analytics: access control and the audit log', () => {
  let federation: TestFederation;
  let clueId: string;

  beforeAll(async () => {
    federation = await TestFederation.start({ boot: ['prov-130000', 'local-130000'], env: { DATABASE_POOL_SIZE: '4', AUDIT_ANCHOR_INTERVAL_MS: '200' } });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function refused(nodeId: string, query: string, variables: Record<string, unknown>, roles?: Role[]) {
    const res = await federation.gql(nodeId, query, variables, roles);
    expect(res.body.errors).toBeDefined();
    return { message: res.body.errors[0].message as string, ...(res.body.errors[0].extensions as { code: string; reason: string }) };
  }

  async function ok<T = Record<string, any>>(nodeId: string, query: string, variables: Record<string, unknown>, roles?: Role[]): Promise<T> {
    const res = await federation.gql(nodeId, query, variables, roles);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  const auditPage = async (nodeId: string, filter: Record<string, unknown> = {}) => (await ok<{ auditLog: { entries: Entry[]; nextCursor: string | null } }>(nodeId, AUDIT, { filter }, [Role.Auditor])).auditLog;
  const auditLog = async (nodeId: string, filter: Record<string, unknown> = {}) => (await auditPage(nodeId, { first: 500, ...filter })).entries;

  const verify = (hostId: string, anchorHostIds: string[] = []) =>
    run(process.execPath, [join(__dirname, '..', 'dist', 'tools', 'audit', 'verify.js')], {
      env: { ...process.env, DATABASE_URL: `${POSTGRES_URL}/${federation.databaseOf(hostId)}`, ANCHOR_DATABASE_URLS: anchorHostIds.map((id) => `${POSTGRES_URL}/${federation.databaseOf(id)}`).join(',') },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  describe('jurisdiction', () => {
    it('refuses a province reading its sibling province', async () => {
      expect(await refused('130000', CLUE_COUNTS, { nodeId: '330000' })).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_JURISDICTION' });
    });

    it('refuses a county reading its city’s other counties', async () => {
      expect(await refused('130102', CLUES, { nodeId: '130104' })).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_JURISDICTION' });
      expect(await refused('130102', CLUE_COUNTS, { nodeId: '130104' }, [Role.Analyst])).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_JURISDICTION' });
    });

    it('refuses anyone reading an ancestor’s own records', async () => {
      expect(await refused('130102', CLUES, { nodeId: '130100' })).toMatchObject({ reason: 'OUTSIDE_JURISDICTION' });
      expect(await refused('130100', CLUES, { nodeId: '130000' })).toMatchObject({ reason: 'OUTSIDE_JURISDICTION' });
      expect(await refused('130000', CLUE_COUNTS, { nodeId: '000000' }, [Role.Analyst])).toMatchObject({ reason: 'OUTSIDE_JURISDICTION' });
    });

    it('still lets a node read its own subtree', async () => {
      expect((await ok('130100', CLUE_COUNTS, { nodeId: '130102' })).problemClueCounts).toEqual(expect.any(Array));
    });
  });

  describe('mutations by role and tier', () => {
    const task = (nodeId: string) => ({
      nodeId,
      kind: 'Regular',
      linkageType: 'Regional',
      title: '越权下达',
      requirements: '—',
      focusPoints: [],
      scope: { wholeSubtree: true },
      startAt: new Date().toISOString(),
      deadline: new Date(Date.now() + 30 * DAY).toISOString(),
    });

    it('refuses a county issuing anything downward', async () => {
      expect(await refused('130102', ISSUE, { input: task('130102') })).toMatchObject({ code: 'FORBIDDEN', reason: 'CANNOT_ISSUE' });
    });

    it('refuses issuing without the inspection office role, and acting for another node', async () => {
      expect(await refused('130000', ISSUE, { input: task('130000') }, [Role.Analyst])).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' });
      expect(await refused('130100', ISSUE, { input: task('130102') })).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ACTING_NODE' });
    });

    it('lets only the discipline organ read clue content, and audits the read', async () => {
      const input = { nodeId: '130102', managedBy: 'County', cadreName: '张某', cadrePosition: '某局局长', allegation: '违规收受礼金', source: '个别谈话' };
      clueId = (await ok<{ recordProblemClue: { id: string } }>('130102', RECORD_CLUE, { input })).recordProblemClue.id;
      for (const roles of [[Role.InspectionOffice], [Role.Analyst, Role.Auditor, Role.LeadingGroup, Role.Organization]]) {
        expect(await refused('130102', CONTENT, { nodeId: '130102', clueId }, roles)).toMatchObject({ code: 'FORBIDDEN', reason: 'CLUE_CONTENT_RESTRICTED' });
      }
      expect(await refused('130100', CONTENT, { nodeId: '130102', clueId }, [Role.Discipline])).toMatchObject({ code: 'FORBIDDEN' });
      expect((await ok('130102', CONTENT, { nodeId: '130102', clueId }, [Role.Discipline])).problemClueContent).toMatchObject({ cadreName: '张某' });

      const reads = (await auditLog('130102', { actions: ['ConfidentialRead'] })).filter((e) => e.target.includes(clueId));
      expect(reads).toEqual([expect.objectContaining({ nodeId: '130102', callerNodeId: '130102', operation: 'Query.problemClueContent', outcome: 'Ok' })]);
    });
  });

  describe('tokens', () => {
    const asRaw = (nodeId: string, token: string | undefined) => federation.hostOf(nodeId).graphql(CLUES, { nodeId }, token);

    it('refuses a missing token', async () => {
      const res = await asRaw('130102', undefined);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' });
    });

    it('refuses an expired token', async () => {
      const res = await asRaw('130102', federation.token('130102', [Role.InspectionOffice], -60));
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'EXPIRED_TOKEN' });
    });

    it('refuses a token signed with another secret, or with its claims rewritten', async () => {
      const forged = new CallerTokens('not-the-federation-secret').issue({ subject: 'mallory', nodeId: '130102', roles: [Role.Discipline] });
      expect((await asRaw('130102', forged)).body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });

      const [header, , signature] = federation.token('130104', [Role.Analyst]).split('.');
      const claims = Buffer.from(JSON.stringify({ sub: 'mallory', node: '130102', roles: ['discipline'], iss: 'inspection-federation', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
      expect((await asRaw('130102', `${header}.${claims}.${signature}`)).body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });
    });
  });

  describe('audit log', () => {
    it('records every refusal with caller, node, operation and reason', async () => {
      const county = await auditLog('130102', { actions: ['Denial'] });
      const ops = county.map((e) => `${e.operation} ${e.detail.split(':')[0]}`);
      expect(ops).toEqual(
        expect.arrayContaining([
          'Query.problemClues OUTSIDE_JURISDICTION',
          'Query.problemClueCounts OUTSIDE_JURISDICTION',
          'Mutation.issueLinkageTask CANNOT_ISSUE',
          'Query.problemClueContent CLUE_CONTENT_RESTRICTED',
          'Query.problemClues EXPIRED_TOKEN',
          'Query.problemClues INVALID_TOKEN',
        ]),
      );
      expect(county.find((e) => e.detail.startsWith('CANNOT_ISSUE'))).toMatchObject({ nodeId: '130102', callerNodeId: '130102', target: expect.stringContaining('input.nodeId=130102'), outcome: 'Denied' });
      const province = await auditLog('130000', { actions: ['Denial'] });
      expect(province.map((e) => e.detail.split(':')[0])).toEqual(expect.arrayContaining(['OUTSIDE_JURISDICTION', 'ROLE_REQUIRED']));
    });

    it('records a mutation before it runs and again with its outcome', async () => {
      const rows = (await auditLog('130102', { actions: ['Mutation'] })).filter((e) => e.operation === 'Mutation.recordProblemClue');
      expect(rows.map((e) => e.outcome).sort()).toEqual(['Attempt', 'Ok']);
      expect(rows.find((e) => e.outcome === 'Ok')?.detail).toBe(`result id=${clueId}`);
    });

    it('shows an auditor its own subtree as the host holds it, and only to auditors', async () => {
      const atCity = new Set((await auditLog('130100')).map((e) => e.nodeId));
      expect([...atCity].every((id) => ['130100', '130102', '130104'].includes(id))).toBe(true);
      expect(atCity.has('130102')).toBe(true);
      expect(new Set((await auditLog('130102')).map((e) => e.nodeId))).toEqual(new Set(['130102']));
      expect(await refused('130102', AUDIT, {}, [Role.Analyst])).toMatchObject({ reason: 'ROLE_REQUIRED' });
      expect(await refused('130102', AUDIT, { filter: { nodeId: '130104' } }, [Role.Auditor])).toMatchObject({ reason: 'OUTSIDE_JURISDICTION' });
    });

    it('pages by cursor while entries are appended, showing each entry once and in order', async () => {
      const key = (e: Entry) => `${e.nodeId}:${e.seq}`;
      const atStart = new Set((await federation.sql<{ k: string }>('local-130000', `SELECT node_id || ':' || seq AS k FROM audit_log WHERE node_id IN ('130100', '130102', '130104')`)).map((r) => r.k));
      const input = { nodeId: '130102', managedBy: 'County', cadreName: '王某', cadrePosition: '股长', allegation: '—', source: '来信' };
      const seen: Entry[] = [];
      let after: string | null = null;
      do {
        const page: { entries: Entry[]; nextCursor: string | null } = await auditPage('130100', { first: 4, ...(after ? { after } : {}) });
        expect(page.entries.length).toBeLessThanOrEqual(4);
        seen.push(...page.entries);
        after = page.nextCursor;
        // Newer entries arrive between pages (two per recorded clue: attempt and outcome).
        await ok('130102', RECORD_CLUE, { input });
      } while (after);
      const keys = seen.map(key);
      expect(new Set(keys).size).toBe(keys.length);
      expect([...atStart].filter((k) => !keys.includes(k))).toEqual([]);
      const times = seen.map((e) => new Date(e.at).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('refuses a cursor it did not hand out, clearly', async () => {
      const bad = async (after: string) => refused('130100', AUDIT, { filter: { after } }, [Role.Auditor]);
      expect(await bad('not a cursor')).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_CURSOR' });
      expect(await bad(Buffer.from('130102:999999').toString('base64url'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_CURSOR' });
      expect(await bad(Buffer.from('130000:1').toString('base64url'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_CURSOR' });
      expect((await refused('130100', AUDIT, { filter: { first: 501 } }, [Role.Auditor])).code).toBe('BAD_USER_INPUT');
    });

    it('keeps each node’s chain intact under concurrent mutations', async () => {
      const before = (await federation.sql<{ n: number }>('local-130000', `SELECT count(*)::int AS n FROM audit_log WHERE node_id = '130102'`))[0].n;
      const input = { nodeId: '130102', managedBy: 'County', cadreName: '李某', cadrePosition: '科长', allegation: '—', source: '来信' };
      await Promise.all(Array.from({ length: 20 }, () => ok('130102', RECORD_CLUE, { input })));
      const after = (await federation.sql<{ n: number }>('local-130000', `SELECT count(*)::int AS n FROM audit_log WHERE node_id = '130102'`))[0].n;
      expect(after - before).toBe(40);
      const result = await verify('local-130000');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/node 130102: ok \(\d+ rows/);
      expect(result.stdout).toContain('audit chains intact');
    });

    it('detects an edited row and a deleted row, naming them', async () => {
      await federation.sql('local-130000', `UPDATE audit_log SET target = 'nothing to see' WHERE node_id = '130102' AND seq = 3`);
      const edited = await verify('local-130000');
      expect(edited.code).toBe(1);
      expect(edited.stdout).toMatch(/node 130102: BROKEN at row 3: row 3 was altered/);
      expect(edited.stdout).toMatch(/node 130100: ok/);

      await federation.sql('prov-130000', `DELETE FROM audit_log WHERE node_id = '130000' AND seq = 1`);
      const deleted = await verify('prov-130000');
      expect(deleted.code).toBe(1);
      expect(deleted.stdout).toMatch(/node 130000: BROKEN at row 2: row 1 is missing/);
    });

    it('anchors each chain at the parent, so rows cut from its end are detected even with the head rewound', async () => {
      // 石家庄市 (130100, on local-130000) anchors its chain at 河北省 (130000, on prov-130000).
      await refused('130100', CLUES, { nodeId: '130000' });
      await refused('130100', CLUES, { nodeId: '130000' });
      const [head] = await federation.sql<{ seq: number; hash: string }>('local-130000', `SELECT seq::int AS seq, hash FROM audit_chain_head WHERE node_id = '130100'`);
      const anchoredAt = async () =>
        (await federation.sql<{ n: number }>('prov-130000', `SELECT count(*)::int AS n FROM audit_anchor WHERE holder_node_id = '130000' AND node_id = '130100' AND seq = $1 AND hash = $2`, [head.seq, head.hash]))[0].n;
      for (let waited = 0; (await anchoredAt()) === 0; waited += 100) {
        if (waited > 20_000) throw new Error('the head of 130100 was never anchored at 130000');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await verify('local-130000', ['prov-130000'])).stdout).toMatch(/node 130100: ok \(\d+ rows, reaches its \d+ anchor\(s\)\)/);

      // Cut the newest row and rewind the head to the row before: the chain alone still holds.
      await federation.sql('local-130000', `DELETE FROM audit_log WHERE node_id = '130100' AND seq = $1`, [head.seq]);
      await federation.sql('local-130000', `UPDATE audit_chain_head h SET seq = l.seq, hash = l.hash FROM audit_log l WHERE h.node_id = '130100' AND l.node_id = '130100' AND l.seq = $1`, [head.seq - 1]);
      expect((await verify('local-130000')).stdout).toMatch(/node 130100: ok/);
      const anchored = await verify('local-130000', ['prov-130000']);
      expect(anchored.code).toBe(1);
      expect(anchored.stdout).toContain(`node 130100: BROKEN at row ${head.seq}: row ${head.seq} was anchored at 130000 but the chain ends at row ${head.seq - 1}: rows were removed from the end`);
    });
  });
});
