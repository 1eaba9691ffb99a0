import { Role } from '@app/federation/auth/caller';
import { TestFederation } from './utils/federation';

const LOGIN = `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt viewer { nodeId nodeName roles displayName username } } }`;
const CREATE = `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id username roles disabled } }`;
const ACCOUNTS = `query ($nodeId: ID!) { accounts(nodeId: $nodeId) { id username roles disabled lockedUntil failedAttempts } }`;
const PASSWORD = 'changan-2025';

describe('accounts and login', () => {
  let federation: TestFederation;
  const host = () => federation.host('local-130000');
  const asAdmin = (query: string, variables: Record<string, unknown>, nodeId = '130102') => federation.gql(nodeId, query, variables, [Role.Administrator]);
  const login = (u: string, p: string) => host().graphql(LOGIN, { u, p });
  const auditRows = (username: string) =>
    federation.sql<{ node_id: string; action: string; outcome: string; subject: string | null; detail: string }>(
      'local-130000',
      `SELECT node_id, action, outcome, subject, detail FROM audit_log WHERE target = $1 AND action = 'login' ORDER BY seq`,
      [`username=${username}`],
    );
  let officeId: string;

  beforeAll(async () => {
    // A lock of 3 s, so that the spec can also see one run out.
    federation = await TestFederation.start({ boot: ['local-130000'], env: { LOGIN_LOCK_SECONDS: '3' } });
    const created = await asAdmin(CREATE, { input: { nodeId: '130102', username: 'changan.office', displayName: '长安区委巡察办 张三', roles: ['InspectionOffice'], password: PASSWORD } });
    expect(created.body.errors).toBeUndefined();
    officeId = created.body.data.createAccount.id;
  });

  afterAll(async () => {
    await federation?.close();
  });

  it('logs in with the right password and the token works for the account’s node, with its roles', async () => {
    const res = await login('changan.office', PASSWORD);
    expect(res.body.errors).toBeUndefined();
    const session = res.body.data.login;
    expect(session.viewer).toEqual({ nodeId: '130102', nodeName: '长安区', roles: ['InspectionOffice'], displayName: '长安区委巡察办 张三', username: 'changan.office' });
    const minutes = (new Date(session.expiresAt).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(10);
    expect(minutes).toBeLessThanOrEqual(15);
    const tasks = await host().graphql('{ linkageTasks(nodeId: "130102") { items { id } } }', undefined, session.token);
    expect(tasks.body.errors).toBeUndefined();
    const me = await host().graphql('{ me { subject nodeId roles username } }', undefined, session.token);
    expect(me.body.data.me).toEqual({ subject: 'changan.office', nodeId: '130102', roles: ['InspectionOffice'], username: 'changan.office' });
    const [stored] = await federation.sql<{ password_hash: string; last_login_at: Date | null }>('local-130000', `SELECT password_hash, last_login_at FROM account WHERE id = $1`, [officeId]);
    expect(stored.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored.password_hash).not.toContain(PASSWORD);
    expect(stored.last_login_at).not.toBeNull();
    expect((await auditRows('changan.office')).at(-1)).toMatchObject({ node_id: '130102', outcome: 'ok', subject: 'changan.office' });
  });

  it('answers a wrong password and an unknown username alike, and audits both', async () => {
    const wrong = await login('changan.office', 'not-the-password-1');
    const unknown = await login('nobody.here', 'not-the-password-1');
    for (const res of [wrong, unknown]) {
      expect(res.body.data).toBeNull();
      expect(res.body.errors[0].message).toBe('wrong username or password');
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS', label: '用户名或密码错误' });
    }
    expect((await auditRows('changan.office')).at(-1)).toMatchObject({ outcome: 'failed', detail: 'wrong password (1 of 5)' });
    expect(await auditRows('nobody.here')).toEqual([expect.objectContaining({ outcome: 'failed', subject: null, detail: 'unknown username' })]);
    // A success resets the count.
    expect((await login('changan.office', PASSWORD)).body.errors).toBeUndefined();
  });

  it('locks the account after five wrong passwords, refuses even the right one meanwhile, and audits the lock-out', async () => {
    await asAdmin(CREATE, { input: { nodeId: '130102', username: 'changan.guess', displayName: '王五', roles: ['Analyst'], password: PASSWORD } });
    const answers: string[] = [];
    for (let i = 1; i <= 5; i++) answers.push((await login('changan.guess', `guess-number-${i}`)).body.errors[0].extensions.reason);
    expect(answers).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED']);
    const whileLocked = await login('changan.guess', PASSWORD);
    expect(whileLocked.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ACCOUNT_LOCKED', lockedUntil: expect.any(String), label: expect.stringContaining('锁定') });
    expect((await auditRows('changan.guess')).map((row) => row.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'locked', 'denied']);
    const listed = (await asAdmin(ACCOUNTS, { nodeId: '130102' })).body.data.accounts.find((a: { username: string }) => a.username === 'changan.guess');
    expect(listed.lockedUntil).not.toBeNull();

    // The lock runs out (3 s here, 15 min by default) and the right password works again.
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    expect((await login('changan.guess', PASSWORD)).body.errors).toBeUndefined();
  });

  it('renews an account’s token with its current roles, and refuses to renew a CLI token', async () => {
    const { token } = (await login('changan.office', PASSWORD)).body.data.login;
    const reroled = await asAdmin(`mutation ($input: SetAccountRolesInput!) { setAccountRoles(input: $input) { roles } }`, {
      input: { nodeId: '130102', accountId: officeId, roles: ['InspectionOffice', 'Operator'] },
    });
    expect(reroled.body.data.setAccountRoles.roles).toEqual(['InspectionOffice', 'Operator']);
    const renewed = await host().graphql('mutation { renewToken { token viewer { roles } } }', undefined, token);
    expect(renewed.body.errors).toBeUndefined();
    expect(renewed.body.data.renewToken.viewer.roles).toEqual(['InspectionOffice', 'Operator']);
    const cli = await federation.gql('130102', 'mutation { renewToken { token } }');
    expect(cli.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'NOT_AN_ACCOUNT' });
  });

  it('refuses a disabled user at login and at renewal, until the administrator enables the account again', async () => {
    const { token } = (await login('changan.office', PASSWORD)).body.data.login;
    const SET_DISABLED = `mutation ($input: SetAccountDisabledInput!) { setAccountDisabled(input: $input) { disabled } }`;
    expect((await asAdmin(SET_DISABLED, { input: { nodeId: '130102', accountId: officeId, disabled: true } })).body.data.setAccountDisabled.disabled).toBe(true);
    const refused = await login('changan.office', PASSWORD);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ACCOUNT_DISABLED', label: expect.stringContaining('停用') });
    const renew = await host().graphql('mutation { renewToken { token } }', undefined, token);
    expect(renew.body.errors[0].extensions.reason).toBe('ACCOUNT_DISABLED');
    expect((await auditRows('changan.office')).at(-1)).toMatchObject({ outcome: 'denied', detail: 'ACCOUNT_DISABLED' });
    await asAdmin(SET_DISABLED, { input: { nodeId: '130102', accountId: officeId, disabled: false } });
    expect((await login('changan.office', PASSWORD)).body.errors).toBeUndefined();
  });

  it('lets an administrator manage the accounts of its own node only, and only as administrator', async () => {
    const before = await federation.sql('local-130000', `SELECT id, roles, disabled, password_hash FROM account ORDER BY id`);
    const outside = await asAdmin(CREATE, { input: { nodeId: '130100', username: 'city.user', displayName: '市里的人', roles: ['Analyst'], password: PASSWORD } });
    expect(outside.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ACTING_NODE' });
    // The city's administrator is the parent, still not the county's.
    const parent = await asAdmin(`mutation ($input: ResetAccountPasswordInput!) { resetAccountPassword(input: $input) { id } }`, { input: { nodeId: '130102', accountId: officeId, password: 'taken-over-99' } }, '130100');
    expect(parent.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ACTING_NODE' });
    const listing = await asAdmin(ACCOUNTS, { nodeId: '130102' }, '130100');
    expect(listing.body.errors[0].extensions.reason).toBe('NOT_ACTING_NODE');
    const notAdmin = await federation.gql('130102', `mutation ($input: SetAccountDisabledInput!) { setAccountDisabled(input: $input) { id } }`, { input: { nodeId: '130102', accountId: officeId, disabled: true } }, [Role.InspectionOffice]);
    expect(notAdmin.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' });
    expect(await federation.sql('local-130000', `SELECT id, roles, disabled, password_hash FROM account ORDER BY id`)).toEqual(before);
    const denials = await federation.sql<{ operation: string; outcome: string }>('local-130000', `SELECT operation, outcome FROM audit_log WHERE action = 'denial' AND operation LIKE 'Mutation.%Account%'`);
    expect(denials.map((row) => row.operation)).toEqual(expect.arrayContaining(['Mutation.createAccount', 'Mutation.resetAccountPassword', 'Mutation.setAccountDisabled']));
  });

  it('refuses bad input and a taken username, creating nothing', async () => {
    const count = async () => (await federation.sql<{ n: number }>('local-130000', `SELECT count(*)::int AS n FROM account`))[0].n;
    const before = await count();
    const weak = await asAdmin(CREATE, { input: { nodeId: '130102', username: 'weak.one', displayName: '李四', roles: ['Analyst'], password: 'short' } });
    expect(weak.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reasons: expect.arrayContaining(['password must be at least 8 characters']) });
    const noRoles = await asAdmin(CREATE, { input: { nodeId: '130102', username: 'no.roles', displayName: '李四', roles: [], password: PASSWORD } });
    expect(noRoles.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const badName = await asAdmin(CREATE, { input: { nodeId: '130102', username: 'Has Space', displayName: '李四', roles: ['Analyst'], password: PASSWORD } });
    expect(badName.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const taken = await asAdmin(CREATE, { input: { nodeId: '130102', username: 'changan.office', displayName: '重名', roles: ['Analyst'], password: PASSWORD } });
    expect(taken.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'USERNAME_TAKEN', label: '用户名已被使用' });
    expect(await count()).toBe(before);
  });
});
