import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { TestFederation } from './utils/federation';
import { freePort } from './utils/free-port';

describe('foundation: hosts, registry and GraphQL', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ boot: ['central', 'prov-130000', 'local-130000'] });
  });

  afterAll(async () => {
    await federation?.close();
  });

  it('serves the registry nodes assigned to each host', async () => {
    const res = await federation.host('local-130000').graphql('{ hostInfo { hostId app registryVersion nodes { id tier servedHere } } }');
    expect(res.body.errors).toBeUndefined();
    const info = res.body.data.hostInfo;
    expect(info).toMatchObject({ hostId: 'local-130000', app: 'Local', registryVersion: 1 });
    expect(info.nodes.map((node: { id: string }) => node.id).sort()).toEqual(['130100', '130102', '130104', '130200', '130202', '130203']);
    expect(info.nodes.every((node: { servedHere: boolean }) => node.servedHere)).toBe(true);
  });

  it('answers node, children, subtree and path from any host', async () => {
    const res = await federation.host('central').graphql(`{
      node(id: "130102") { id name tier parentId host servedHere }
      children(id: "130000") { id name }
      subtree(id: "130000", depth: 1) { id }
      path(id: "130102") { id tier }
    }`);
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data;
    expect(data.node).toMatchObject({ id: '130102', name: '长安区', tier: 'County', parentId: '130100', host: 'local-130000', servedHere: false });
    expect(data.children.map((n: { id: string }) => n.id)).toEqual(['130100', '130200']);
    expect(data.subtree.map((n: { id: string }) => n.id)).toEqual(['130000', '130100', '130200']);
    expect(data.path.map((n: { id: string }) => n.id)).toEqual(['130100', '130000', '000000']);
  });

  it('gives a clear GraphQL error for an unknown node id', async () => {
    const res = await federation.host('prov-130000').graphql('{ node(id: "999999") { id } }');
    expect(res.body.data).toBeNull();
    expect(res.body.errors[0].message).toContain('unknown node "999999"');
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNKNOWN_NODE' });
  });

  it('serves the Chinese labels of enums and error codes without a token, and labels each error', async () => {
    const host = federation.host('local-130000');
    const res = await host.graphql(`{
      labels(enums: ["Role", "RecipientState"]) { enum values { value internalValue label } }
      errorLabels { code label }
      role: __type(name: "Role") { enumValues { name description } }
    }`);
    expect(res.body.errors).toBeUndefined();
    const [recipientState, role] = res.body.data.labels;
    expect(role.enum).toBe('Role');
    expect(role.values).toContainEqual({ value: 'Discipline', internalValue: 'discipline', label: '纪检监察机关' });
    expect(recipientState.values).toContainEqual({ value: 'Accepted', internalValue: 'accepted', label: '已受领' });
    expect(res.body.data.errorLabels).toContainEqual({ code: 'OUTSIDE_JURISDICTION', label: expect.stringContaining('管辖范围') });
    expect(res.body.data.role.enumValues).toContainEqual({ name: 'Operator', description: '运维人员' });

    const refused = await host.graphql('{ linkageTasks(nodeId: "130100") { items { id } } }', undefined, federation.token('130102'));
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_JURISDICTION', label: expect.stringContaining('管辖范围') });
    const anonymous = await host.graphql('{ linkageTasks(nodeId: "130100") { items { id } } }');
    expect(anonymous.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN', label: '尚未登录，请先登录' });
    const badInput = await host.graphql('{ linkageTasks(nodeId: "130100", page: { first: 100000 }) { items { id } } }', undefined, federation.token('130100'));
    expect(badInput.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', label: '输入的内容不符合要求' });
    const unknownField = await host.graphql('{ noSuchField }');
    expect(unknownField.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', label: '请求与接口定义不符' });
  });

  it('reports PostgreSQL and Redis in /health', async () => {
    const res = await request(federation.host('central').url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('created one database per booted host and ran the migrations', async () => {
    const rows = await federation.sql('prov-130000', `SELECT name FROM migrations ORDER BY id`);
    expect(rows.map((row) => row.name)).toContain('FederationTransport1763770000000');
  });

  it('exits at once with one line when PostgreSQL does not answer', async () => {
    const deadPort = await freePort();
    const host = federation.host('central');
    const started = Date.now();
    const result = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'apps', 'central', 'src', 'main.js')], {
      env: { ...process.env, ...host.env, HOST_ID: 'central', PORT: '0', DATABASE_URL: `postgres://postgres@127.0.0.1:${deadPort}/nowhere` },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^fatal: PostgreSQL is not answering at 127\\.0\\.0\\.1:${deadPort} .*start it with`));
  });

  it('exits at once with one line when Redis does not answer', async () => {
    const deadPort = await freePort();
    const host = federation.host('central');
    const result = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'apps', 'central', 'src', 'main.js')], {
      env: { ...process.env, ...host.env, HOST_ID: 'central', PORT: '0', REDIS_URL: `redis://127.0.0.1:${deadPort}` },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^fatal: Redis is not answering at 127\\.0\\.0\\.1:${deadPort} .*start it with`));
  });

  it('refuses to start with one line when the registry names another application for the host', async () => {
    const host = federation.host('central');
    const result = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'apps', 'local', 'src', 'main.js')], {
      env: { ...process.env, ...host.env, HOST_ID: 'central', PORT: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('fatal: host central is a central host in the registry, but this is the local application');
  });
});
