import { MigrationInterface, QueryRunner } from 'typeorm';

/** toISOString's form, so that instants moved into jsonb read back as the code writes them. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Supervision teams, special checks and notices become one shape: dispatched down to targets, a
 * step log per target. Their nine tables become three, every row moved: a flow's own fields go into
 * the copy's content, roles become issuer / target / relay, a notice's read time becomes its
 * recipient's state (read) and a step of the log.
 */
export class Dispatch1796620637632 implements MigrationInterface {
  name = 'Dispatch1796620637632';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dispatch (
        node_id       varchar(6) NOT NULL,
        id            uuid NOT NULL,
        flow          varchar(24) NOT NULL CHECK (flow IN ('supervision_team', 'special_check', 'notice')),
        role          varchar(8) NOT NULL CHECK (role IN ('issuer', 'target', 'relay')),
        issuer_id     varchar(6) NOT NULL,
        title         varchar(200) NOT NULL,
        content       jsonb NOT NULL,
        dispatched_at timestamptz NOT NULL,
        PRIMARY KEY (node_id, id)
      )`);
    await q.query(`CREATE INDEX dispatch_listing ON dispatch (node_id, flow, dispatched_at DESC, id DESC)`);
    // A target is a node today; the id is wide enough for one that is not (an organisation of the same level).
    await q.query(`
      CREATE TABLE dispatch_target (
        node_id     varchar(6) NOT NULL,
        dispatch_id uuid NOT NULL,
        target_id   varchar(64) NOT NULL,
        state       varchar(32) NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, dispatch_id, target_id),
        FOREIGN KEY (node_id, dispatch_id) REFERENCES dispatch (node_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE dispatch_step (
        node_id     varchar(6) NOT NULL,
        step_id     uuid NOT NULL,
        dispatch_id uuid NOT NULL,
        target_id   varchar(64) NOT NULL,
        kind        varchar(32) NOT NULL,
        by_node     varchar(6) NOT NULL,
        data        jsonb NOT NULL,
        at          timestamptz NOT NULL,
        PRIMARY KEY (node_id, step_id),
        FOREIGN KEY (node_id, dispatch_id, target_id) REFERENCES dispatch_target (node_id, dispatch_id, target_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX dispatch_step_history ON dispatch_step (node_id, dispatch_id, target_id, at)`);

    await q.query(`
      INSERT INTO dispatch (node_id, id, flow, role, issuer_id, title, content, dispatched_at)
      SELECT node_id, team_id, 'supervision_team', CASE role WHEN 'dispatcher' THEN 'issuer' WHEN 'visited' THEN 'target' ELSE 'relay' END, issuer_id, name,
             jsonb_build_object('purpose', purpose, 'members', members, 'visitStart', ${iso('visit_start')}, 'visitEnd', ${iso('visit_end')}), dispatched_at
      FROM supervision_team`);
    await q.query(`INSERT INTO dispatch_target SELECT node_id, team_id, target_id, state, updated_at FROM supervision_team_target`);
    await q.query(`INSERT INTO dispatch_step SELECT node_id, step_id, team_id, target_id, kind, by_node, data, at FROM supervision_team_step`);

    await q.query(`
      INSERT INTO dispatch (node_id, id, flow, role, issuer_id, title, content, dispatched_at)
      SELECT node_id, check_id, 'special_check', CASE role WHEN 'checker' THEN 'issuer' WHEN 'checked' THEN 'target' ELSE 'relay' END, issuer_id, title,
             jsonb_build_object('subject', subject, 'requirements', requirements, 'dueDate', ${iso('due_date')}), notified_at
      FROM special_check`);
    await q.query(`INSERT INTO dispatch_target SELECT node_id, check_id, target_id, state, updated_at FROM special_check_target`);
    await q.query(`INSERT INTO dispatch_step SELECT node_id, step_id, check_id, target_id, kind, by_node, data, at FROM special_check_step`);

    await q.query(`
      INSERT INTO dispatch (node_id, id, flow, role, issuer_id, title, content, dispatched_at)
      SELECT node_id, notice_id, 'notice', CASE role WHEN 'recipient' THEN 'target' ELSE role END, issuer_id, title,
             jsonb_build_object('body', body, 'category', category), issued_at
      FROM notice`);
    await q.query(`
      INSERT INTO dispatch_target (node_id, dispatch_id, target_id, state, updated_at)
      SELECT r.node_id, r.notice_id, r.recipient_id, CASE WHEN r.read_at IS NULL THEN 'delivered' ELSE 'read' END, COALESCE(r.read_at, n.issued_at)
      FROM notice_recipient r JOIN notice n USING (node_id, notice_id)`);
    await q.query(`
      INSERT INTO dispatch_step (node_id, step_id, dispatch_id, target_id, kind, by_node, data, at)
      SELECT node_id, gen_random_uuid(), notice_id, recipient_id, 'read', recipient_id, '{"kind": "read"}', read_at
      FROM notice_recipient WHERE read_at IS NOT NULL`);

    for (const table of ['supervision_team_step', 'supervision_team_target', 'supervision_team', 'special_check_step', 'special_check_target', 'special_check', 'notice_recipient', 'notice']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision_team (
        node_id varchar(6) NOT NULL, team_id uuid NOT NULL, role varchar(10) NOT NULL CHECK (role IN ('dispatcher', 'visited', 'relay')),
        issuer_id varchar(6) NOT NULL, name varchar(200) NOT NULL, purpose text NOT NULL, members jsonb NOT NULL,
        visit_start timestamptz NOT NULL, visit_end timestamptz NOT NULL, dispatched_at timestamptz NOT NULL, PRIMARY KEY (node_id, team_id)
      )`);
    await q.query(`CREATE INDEX supervision_team_listing ON supervision_team (node_id, dispatched_at DESC, team_id DESC)`);
    await q.query(`
      CREATE TABLE supervision_team_target (
        node_id varchar(6) NOT NULL, team_id uuid NOT NULL, target_id varchar(6) NOT NULL, state varchar(24) NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, team_id, target_id), FOREIGN KEY (node_id, team_id) REFERENCES supervision_team (node_id, team_id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE supervision_team_step (
        node_id varchar(6) NOT NULL, step_id uuid NOT NULL, team_id uuid NOT NULL, target_id varchar(6) NOT NULL, kind varchar(24) NOT NULL,
        by_node varchar(6) NOT NULL, data jsonb NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (node_id, step_id),
        FOREIGN KEY (node_id, team_id, target_id) REFERENCES supervision_team_target (node_id, team_id, target_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX supervision_team_step_history ON supervision_team_step (node_id, team_id, target_id, at)`);
    await q.query(`
      CREATE TABLE special_check (
        node_id varchar(6) NOT NULL, check_id uuid NOT NULL, role varchar(10) NOT NULL CHECK (role IN ('checker', 'checked', 'relay')),
        issuer_id varchar(6) NOT NULL, title varchar(200) NOT NULL, subject varchar(200) NOT NULL, requirements text NOT NULL,
        due_date timestamptz NOT NULL, notified_at timestamptz NOT NULL, PRIMARY KEY (node_id, check_id)
      )`);
    await q.query(`CREATE INDEX special_check_listing ON special_check (node_id, notified_at DESC, check_id DESC)`);
    await q.query(`
      CREATE TABLE special_check_target (
        node_id varchar(6) NOT NULL, check_id uuid NOT NULL, target_id varchar(6) NOT NULL, state varchar(24) NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, check_id, target_id), FOREIGN KEY (node_id, check_id) REFERENCES special_check (node_id, check_id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE special_check_step (
        node_id varchar(6) NOT NULL, step_id uuid NOT NULL, check_id uuid NOT NULL, target_id varchar(6) NOT NULL, kind varchar(24) NOT NULL,
        by_node varchar(6) NOT NULL, data jsonb NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (node_id, step_id),
        FOREIGN KEY (node_id, check_id, target_id) REFERENCES special_check_target (node_id, check_id, target_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX special_check_step_history ON special_check_step (node_id, check_id, target_id, at)`);
    await q.query(`
      CREATE TABLE notice (
        node_id varchar(6) NOT NULL, notice_id uuid NOT NULL, role varchar(10) NOT NULL CHECK (role IN ('issuer', 'recipient', 'relay')),
        issuer_id varchar(6) NOT NULL, title varchar(200) NOT NULL, body text NOT NULL, category varchar(10) NOT NULL CHECK (category IN ('common', 'tendency')),
        issued_at timestamptz NOT NULL, PRIMARY KEY (node_id, notice_id)
      )`);
    await q.query(`CREATE INDEX notice_listing ON notice (node_id, issued_at DESC, notice_id DESC)`);
    await q.query(`
      CREATE TABLE notice_recipient (
        node_id varchar(6) NOT NULL, notice_id uuid NOT NULL, recipient_id varchar(6) NOT NULL, read_at timestamptz,
        PRIMARY KEY (node_id, notice_id, recipient_id), FOREIGN KEY (node_id, notice_id) REFERENCES notice (node_id, notice_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX notice_recipient_unread ON notice_recipient (node_id, notice_id) WHERE read_at IS NULL`);

    await q.query(`
      INSERT INTO supervision_team SELECT node_id, id, CASE role WHEN 'issuer' THEN 'dispatcher' WHEN 'target' THEN 'visited' ELSE 'relay' END, issuer_id, title,
             content->>'purpose', content->'members', (content->>'visitStart')::timestamptz, (content->>'visitEnd')::timestamptz, dispatched_at
      FROM dispatch WHERE flow = 'supervision_team'`);
    await q.query(`
      INSERT INTO special_check SELECT node_id, id, CASE role WHEN 'issuer' THEN 'checker' WHEN 'target' THEN 'checked' ELSE 'relay' END, issuer_id, title,
             content->>'subject', content->>'requirements', (content->>'dueDate')::timestamptz, dispatched_at
      FROM dispatch WHERE flow = 'special_check'`);
    await q.query(`
      INSERT INTO notice SELECT node_id, id, CASE role WHEN 'target' THEN 'recipient' ELSE role END, issuer_id, title, content->>'body', content->>'category', dispatched_at
      FROM dispatch WHERE flow = 'notice'`);
    for (const flow of ['supervision_team', 'special_check']) {
      await q.query(`INSERT INTO ${flow}_target SELECT t.node_id, t.dispatch_id, t.target_id, t.state, t.updated_at FROM dispatch_target t JOIN dispatch d ON d.node_id = t.node_id AND d.id = t.dispatch_id WHERE d.flow = $1`, [flow]);
      await q.query(`INSERT INTO ${flow}_step SELECT s.node_id, s.step_id, s.dispatch_id, s.target_id, s.kind, s.by_node, s.data, s.at FROM dispatch_step s JOIN dispatch d ON d.node_id = s.node_id AND d.id = s.dispatch_id WHERE d.flow = $1`, [flow]);
    }
    await q.query(`
      INSERT INTO notice_recipient SELECT t.node_id, t.dispatch_id, t.target_id, CASE WHEN t.state = 'read' THEN t.updated_at END
      FROM dispatch_target t JOIN dispatch d ON d.node_id = t.node_id AND d.id = t.dispatch_id WHERE d.flow = 'notice'`);
    await q.query(`DROP TABLE dispatch_step`);
    await q.query(`DROP TABLE dispatch_target`);
    await q.query(`DROP TABLE dispatch`);
  }
}
