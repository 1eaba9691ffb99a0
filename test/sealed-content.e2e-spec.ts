import { spawnSync } from 'node:child_process';
import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HostApp,
  MessageType,
  Registry,
  SealedContent,
  clueContentContext,
  loadNodePrivateKey,
  sealBox,
} from '@app/federation';
import { Role } from '@app/federation/auth/caller';
import { KeyRing } from '@app/federation/transport/key-ring';
import { DivisionTree, demoTree } from '../tools/registry/division-tree';
import { writeRegistry } from '../tools/registry/registry-file';
import { craftEnvelope, deliverRaw } from './utils/envelopes';
import { TestFederation } from './utils/federation';
import { sleep } from './utils/host-process';

const PROVINCE = '130000';
const CITY = '130100';
const COUNTY = '130102';
/** A county whose host never runs: messages "from" it are crafted here, on a channel of their own. */
const QUIET_COUNTY = '130104';
const HOSTS: Record<string, string> = { '000000': 'central', [PROVINCE]: 'prov-130000', [CITY]: 'city-130100', [COUNTY]: 'county-130102', [QUIET_COUNTY]: 'county-130104' };

/** County, city and province on hosts of their own, so that the city's database is the city's alone. */
function separateHosts(): DivisionTree {
  const apps: Record<string, HostApp> = { central: HostApp.Central, 'prov-130000': HostApp.Provincial };
  return {
    hosts: Object.values(HOSTS).map((id) => ({ id, app: apps[id] ?? HostApp.Local })),
    nodes: demoTree()
      .nodes.filter((node) => node.id in HOSTS)
      .map((node) => ({ ...node, host: HOSTS[node.id] })),
  };
}

const CLUE = `id reference holderNodeId status`;
const RECORD = `mutation($input: RecordClueInput!) { recordProblemClue(input: $input) { ${CLUE} } }`;
const TRANSFER = `mutation($input: TransferClueInput!) { transferProblemClue(input: $input) { ${CLUE} } }`;
const CONTENT = `query($nodeId: ID!, $clueId: ID!) { problemClueContent(nodeId: $nodeId, clueId: $clueId) { cadreName cadrePosition allegation source } }`;

interface Content {
  cadreName: string;
  cadrePosition: string;
  allegation: string;
  source: string;
}

/** Content no other row of any database could hold by chance: each field carries a fresh token. */
function secretContent(): { content: Content; needles: string[] } {
  const token = `机密${randomBytes(6).toString('hex')}`;
  const content = { cadreName: `甄${token}`, cadrePosition: `某县财政局副局长${token}`, allegation: `在工程招标中收受贿赂${token}`, source: `群众来信${token}` };
  return { content, needles: [token, ...Object.values(content)] };
}

/**
 * Problem-clue content sealed to the node that holds the clue (issue 19 §3): the levels it passes
 * through store and forward ciphertext only, whatever arrives; only the holder's discipline organ
 * reads it, across a rotation of the holder's key too.
 */
describe('confidential content sealed to its destination', () => {
  let federation: TestFederation;
  const tree = separateHosts();

  beforeAll(async () => {
    federation = await TestFederation.start({ tree, boot: ['central', 'prov-130000', 'city-130100', 'county-130102'] });
  });

  afterAll(async () => {
    await federation?.close();
  });

  async function call<T = Record<string, any>>(nodeId: string, query: string, variables: Record<string, unknown>, roles?: Role[]): Promise<T> {
    const res = await federation.gql(nodeId, query, variables, roles);
    if (res.body.errors) throw new Error(`${nodeId}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await sleep(200);
    }
  }

  /** Records a clue about a cadre the province manages at the county, and transfers it. */
  async function transferToProvince(content: Content): Promise<string> {
    const { recordProblemClue } = await call(COUNTY, RECORD, { input: { nodeId: COUNTY, managedBy: 'Provincial', ...content } });
    const { transferProblemClue } = await call(COUNTY, TRANSFER, { input: { nodeId: COUNTY, clueId: recordProblemClue.id } });
    expect(transferProblemClue).toMatchObject({ holderNodeId: PROVINCE, status: 'Transferred' });
    return recordProblemClue.id;
  }

  /**
   * Every column of every table of a host's database, whatever its type, as text, searched for each
   * needle: the places holding any of them, as "table.column".
   */
  async function wherePlaintext(hostId: string, needles: string[]): Promise<string[]> {
    const columns = await federation.sql<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
      hostId,
      `SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(columns.filter((c) => ['text', 'character varying', 'jsonb'].includes(c.data_type)).length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const { table_schema, table_name, column_name, data_type } of columns) {
      const column = `"${column_name}"`;
      // bytea's text form is hex: look for the needles' UTF-8 bytes in it instead.
      const holds = data_type === 'bytea' ? `position(convert_to(n, 'UTF8') IN ${column}) > 0` : `strpos(${column}::text, n) > 0`;
      const [{ hits }] = await federation.sql<{ hits: number }>(
        hostId,
        `SELECT count(*)::int AS hits FROM "${table_schema}"."${table_name}" WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) n WHERE ${holds})`,
        [needles],
      );
      if (hits > 0) found.push(`${table_name}.${column_name}`);
    }
    return found;
  }

  const inboxBox = (hostId: string, clueId: string) =>
    federation
      .sql<{ status: string; content: Record<string, string> }>(hostId, `SELECT status, envelope->'payload'->'content' AS content FROM federation_inbox WHERE type = $1 AND envelope->'payload'->>'clueId' = $2`, [
        MessageType.ClueTransferred,
        clueId,
      ])
      .then((rows) => rows[0]);
  const deadLetters = (hostId: string, type: string) =>
    federation.sql<{ message_id: string; reason: string; detail: string; raw: unknown }>(hostId, `SELECT message_id, reason, detail, raw FROM federation_dead_letter WHERE type = $1 ORDER BY id`, [type]);
  const heldAt = (clueId: string) => federation.sql(HOSTS[PROVINCE], `SELECT node_id FROM problem_clue_content WHERE clue_id = $1`, [clueId]);

  describe('a clue from the county to the province', () => {
    const { content, needles } = secretContent();
    let clueId: string;

    beforeAll(async () => {
      clueId = await transferToProvince(content);
      await federation.waitIdle();
    });

    it('leaves no row of the city’s database, nor the county’s, holding any of its plaintext', async () => {
      const relayed = await inboxBox(HOSTS[CITY], clueId);
      expect(relayed.status).toBe('relayed');
      expect(Object.keys(relayed.content).sort()).toEqual(['alg', 'ct', 'epk', 'iv', 'kid', 'sig', 'tag']);
      expect(relayed.content.kid).toBe(federation.registry.node(PROVINCE).encryptionKeys[0].id);

      expect(await wherePlaintext(HOSTS[CITY], needles)).toEqual([]);
      expect(await wherePlaintext(HOSTS[COUNTY], needles)).toEqual([]);
      // The same search finds it where it belongs: held by the province, in the one table for it.
      expect((await wherePlaintext(HOSTS[PROVINCE], needles)).sort()).toEqual(['allegation', 'cadre_name', 'cadre_position', 'source'].map((column) => `problem_clue_content.${column}`));
    });

    it('is read by the province’s discipline organ, and refused to its analyst and to the city', async () => {
      expect((await call(PROVINCE, CONTENT, { nodeId: PROVINCE, clueId }, [Role.Discipline])).problemClueContent).toEqual(content);

      for (const [nodeId, roles] of [
        [PROVINCE, [Role.Analyst]],
        [PROVINCE, [Role.InspectionOffice, Role.LeadingGroup]],
      ] as const) {
        const denied = await federation.gql(nodeId, CONTENT, { nodeId, clueId }, [...roles]);
        expect(denied.body.data).toBeNull();
        expect(denied.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CLUE_CONTENT_RESTRICTED' });
      }
      const atCity = await federation.gql(CITY, CONTENT, { nodeId: CITY, clueId }, [Role.Discipline]);
      expect(atCity.body.errors[0].extensions).toMatchObject({ reason: 'CLUE_CONTENT_RESTRICTED' });
    });
  });

  describe('whatever arrives at the city', () => {
    /** Seals as the quiet county would, with its keys from the test's keys dir. */
    const quietCounty = () => {
      const registry = Registry.load(join(federation.dir, 'registry.json'));
      const keys = new KeyRing(registry);
      keys.loadPrivateKeys(join(federation.dir, 'keys'), [QUIET_COUNTY]);
      return new SealedContent(keys);
    };
    let seq = 0;

    /** A clue.transferred from the quiet county to the province, its content as `content` makes it. */
    function transfer(makeContent: (clueId: string) => unknown, schemaVersion = 2) {
      const clueId = randomUUID();
      const now = new Date().toISOString();
      const envelope = craftEnvelope(federation, {
        type: MessageType.ClueTransferred,
        schemaVersion,
        from: QUIET_COUNTY,
        to: CITY,
        destination: PROVINCE,
        seq: ++seq,
        payload: { clueId, reference: `XS-${QUIET_COUNTY}-${clueId.slice(0, 4)}`, originNodeId: QUIET_COUNTY, managedBy: 'provincial', content: makeContent(clueId), revision: 2, recordedAt: now, transferredAt: now },
      });
      return { clueId, envelope };
    }

    it('keeps no payload of an unsealed clue.transferred v1 and dead-letters it; the next clue goes through', async () => {
      const { content, needles } = secretContent();
      const unsealed = transfer(() => content, 1);
      const next = secretContent();
      const sealed = transfer((clueId) => quietCounty().seal({ from: QUIET_COUNTY, to: PROVINCE, context: clueContentContext(clueId) }, next.content));
      await deliverRaw(federation, HOSTS[CITY], [unsealed.envelope, sealed.envelope]);

      expect(await until(() => heldAt(sealed.clueId), (rows) => rows.length > 0)).toEqual([{ node_id: PROVINCE }]);
      expect((await call(PROVINCE, CONTENT, { nodeId: PROVINCE, clueId: sealed.clueId }, [Role.Discipline])).problemClueContent).toEqual(next.content);

      const [refused] = (await deadLetters(HOSTS[CITY], MessageType.ClueTransferred)).filter((row) => row.message_id === unsealed.envelope.messageId);
      expect(refused).toMatchObject({ reason: 'invalid_payload', detail: expect.stringContaining('clue.transferred v1 is no longer accepted') });
      expect(refused.raw).toMatchObject({ messageId: unsealed.envelope.messageId, payload: {} });
      expect(await wherePlaintext(HOSTS[CITY], needles)).toEqual([]);
      expect(await heldAt(unsealed.clueId)).toEqual([]);
    });

    it('refuses at the province a box not signed by the clue’s origin, or sealed for another clue', async () => {
      const { content } = secretContent();
      const keys = join(federation.dir, 'keys');
      const province = federation.registry.node(PROVINCE).encryptionKeys[0];
      // What a compromised city could do: seal other content to the province's public key in the county's name.
      const forged = transfer((clueId) =>
        sealBox({
          plaintext: Buffer.from(JSON.stringify(content)),
          recipient: { keyId: province.id, publicKey: createPublicKey(province.publicKey) },
          signingKey: loadNodePrivateKey(keys, CITY),
          associated: { ...clueContentContext(clueId), from: QUIET_COUNTY, to: PROVINCE },
        }),
      );
      const elsewhere = transfer(() => quietCounty().seal({ from: QUIET_COUNTY, to: PROVINCE, context: clueContentContext(randomUUID()) }, content));
      await deliverRaw(federation, HOSTS[CITY], [forged.envelope, elsewhere.envelope]);

      const refused = await until(
        () => deadLetters(HOSTS[PROVINCE], MessageType.ClueTransferred),
        (rows) => rows.length >= 2,
      );
      expect(refused.map((row) => [row.reason, row.detail])).toEqual([
        ['invalid_payload', expect.stringMatching(new RegExp(`content of clue ${forged.clueId} does not open \\(bad_signature\\)`))],
        ['invalid_payload', expect.stringMatching(new RegExp(`content of clue ${elsewhere.clueId} does not open \\(bad_signature\\)`))],
      ]);
      expect(await heldAt(forged.clueId)).toEqual([]);
      expect(await heldAt(elsewhere.clueId)).toEqual([]);
    });
  });

  it('refuses to start a host without an encryption key the registry lists, with one line naming it', () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'sealed-keys-'));
    try {
      cpSync(join(federation.dir, 'keys'), keysDir, { recursive: true });
      for (const file of readdirSync(keysDir).filter((name) => name.startsWith(`${PROVINCE}.x25519-`))) rmSync(join(keysDir, file));
      const host = federation.host(HOSTS[PROVINCE]);
      const result = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'apps', 'provincial', 'src', 'main.js')], {
        env: { ...process.env, ...host.env, HOST_ID: HOSTS[PROVINCE], PORT: '0', KEYS_DIR: keysDir },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(result.status).toBe(1);
      const keyId = federation.registry.node(PROVINCE).encryptionKeys[0].id;
      expect(result.stderr.trim()).toBe(`fatal: encryption key ${keyId} of node ${PROVINCE} not found: no ${join(keysDir, `${PROVINCE}.x25519-*.key`)} holds it`);
    } finally {
      rmSync(keysDir, { recursive: true, force: true });
    }
  });

  it('opens a clue sealed before the province’s key was rotated, and seals the next one to the new key', async () => {
    const province = federation.host(HOSTS[PROVINCE]);
    await province.stop();
    const before = secretContent();
    const inFlight = await transferToProvince(before.content);
    // Relayed by the city and waiting for the province.
    await until(() => inboxBox(HOSTS[CITY], inFlight), (row) => row?.status === 'relayed');

    const summary = writeRegistry({ tree, outFile: join(federation.dir, 'registry.json'), keysDir: join(federation.dir, 'keys'), rotate: [PROVINCE] });
    expect(summary).toMatchObject({ version: 2, encryptionKeysCreated: 1 });
    const [current, previous] = Registry.load(join(federation.dir, 'registry.json')).node(PROVINCE).encryptionKeys;
    expect(previous.id).toBe(federation.registry.node(PROVINCE).encryptionKeys[0].id);
    const county = federation.host(HOSTS[COUNTY]);
    await county.stop();
    await Promise.all([county.start(), province.start()]);

    const after = secretContent();
    const sealedAfter = await transferToProvince(after.content);
    await federation.waitIdle();

    expect((await inboxBox(HOSTS[PROVINCE], inFlight)).content.kid).toBe(previous.id);
    expect((await inboxBox(HOSTS[PROVINCE], sealedAfter)).content.kid).toBe(current.id);
    expect((await call(PROVINCE, CONTENT, { nodeId: PROVINCE, clueId: inFlight }, [Role.Discipline])).problemClueContent).toEqual(before.content);
    expect((await call(PROVINCE, CONTENT, { nodeId: PROVINCE, clueId: sealedAfter }, [Role.Discipline])).problemClueContent).toEqual(after.content);
    expect(await wherePlaintext(HOSTS[CITY], [...before.needles, ...after.needles])).toEqual([]);
  });
});
