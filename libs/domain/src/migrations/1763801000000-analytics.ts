import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roll-ups, materialised: one counter row per (holder, kind, subject node, period, key), kept by
 * triggers in the very transaction that applies a federation message or a local write, so a
 * figure is exactly as current as the records it counts (exactly once, like the inbox itself).
 * Each row is already a subtree total (see analytics_bump); no base table is read by a query.
 */
export class Analytics1763801000000 implements MigrationInterface {
  name = 'Analytics1763801000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE analytics_figure (
        holder_node_id  varchar(6) NOT NULL,
        kind            varchar(16) NOT NULL CHECK (kind IN ('linkage_task', 'filing', 'rectification', 'clue', 'coverage')),
        subject_node_id varchar(6) NOT NULL,
        period          varchar(16) NOT NULL,
        key             varchar(32) NOT NULL,
        value           bigint NOT NULL,
        updated_at      timestamptz NOT NULL,
        PRIMARY KEY (holder_node_id, kind, subject_node_id, period, key)
      )`);
    await q.query(`
      CREATE TABLE analytics_closure (
        ancestor_id   varchar(6) NOT NULL,
        descendant_id varchar(6) NOT NULL,
        depth         smallint NOT NULL,
        PRIMARY KEY (ancestor_id, descendant_id)
      )`);
    // A record of node s counts for s and for every ancestor of s below the holder: each row is a
    // subtree total, read without summing descendants. Each also counts in period '*' (all periods),
    // so the usual unfiltered question reads one row per key instead of one per month. The holder's own total is never one row
    // (it is its own records plus its children's rows, summed when read), so concurrent messages
    // from different children do not queue on a single hot row.
    await q.query(`
      CREATE FUNCTION analytics_bump(h text, k text, s text, p text, ky text, d bigint) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF d = 0 OR h IS NULL OR s IS NULL THEN RETURN; END IF;
        INSERT INTO analytics_figure (holder_node_id, kind, subject_node_id, period, key, value, updated_at)
        SELECT h, k, subject, period, ky, d, clock_timestamp()
          FROM (SELECT p AS period UNION ALL SELECT '*' WHERE k <> 'coverage') periods, (
          SELECT a.ancestor_id AS subject
            FROM analytics_closure a
            JOIN analytics_closure inside ON inside.ancestor_id = h AND inside.descendant_id = a.ancestor_id
           WHERE a.descendant_id = s AND a.ancestor_id <> h
          UNION ALL
          SELECT s WHERE s = h OR NOT EXISTS (SELECT 1 FROM analytics_closure WHERE ancestor_id = h AND descendant_id = s)
        ) targets
        ORDER BY subject, period
        ON CONFLICT (holder_node_id, kind, subject_node_id, period, key)
        DO UPDATE SET value = analytics_figure.value + EXCLUDED.value, updated_at = EXCLUDED.updated_at;
      END $$`);

    // The same figures computed from the records in one pass: for a bulk load, or to repair.
    await q.query(`
      CREATE FUNCTION analytics_rebuild(h text) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        -- Writers wait while the figures are rebuilt, so none is counted twice or lost.
        LOCK TABLE linkage_task_unit, filing, tracked_deadline, problem_clue IN SHARE MODE;
        IF to_regclass('coverage_report') IS NOT NULL THEN LOCK TABLE coverage_report IN SHARE MODE; END IF;
        DELETE FROM analytics_figure WHERE holder_node_id = h;
        WITH own AS (
          SELECT 'linkage_task' AS kind, recipient_id AS s, to_char(deadline AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS p, state AS ky, 1::bigint AS n FROM linkage_task_unit WHERE node_id = h
          UNION ALL
          SELECT 'linkage_task', u.recipient_id, to_char(u.deadline AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), c.key, c.value::bigint
            FROM linkage_task_unit u, jsonb_each_text(COALESCE(u.subtree -> 'counts', '{}'::jsonb)) c WHERE u.node_id = h
          UNION ALL
          SELECT 'filing', filer_node_id, to_char(due_on, 'YYYY-MM'),
                 CASE WHEN first_submitted_at IS NULL THEN 'pending' WHEN (first_submitted_at AT TIME ZONE 'Asia/Shanghai')::date <= due_on THEN 'on_time' ELSE 'late' END, 1
            FROM filing WHERE node_id = h
          UNION ALL
          SELECT 'rectification', owner_node_id, to_char(due_on, 'YYYY-MM'), status, 1 FROM tracked_deadline WHERE node_id = h AND kind <> 'filing'
          UNION ALL
          SELECT 'clue', origin_node_id, to_char(recorded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), status, 1 FROM problem_clue WHERE node_id = h
          UNION ALL
          SELECT 'coverage', origin_node_id, term, 'organisations', organisations FROM coverage_report WHERE node_id = h
          UNION ALL
          SELECT 'coverage', origin_node_id, term, 'inspected', inspected FROM coverage_report WHERE node_id = h
        ), grouped AS (
          SELECT kind, s, p, ky, sum(n) AS n FROM own GROUP BY 1, 2, 3, 4
        ), fanned AS (
          SELECT g.kind, a.ancestor_id AS subject, g.p, g.ky, g.n
            FROM grouped g
            JOIN analytics_closure a ON a.descendant_id = g.s AND a.ancestor_id <> h
            JOIN analytics_closure inside ON inside.ancestor_id = h AND inside.descendant_id = a.ancestor_id
          UNION ALL
          SELECT g.kind, g.s, g.p, g.ky, g.n FROM grouped g
           WHERE g.s = h OR NOT EXISTS (SELECT 1 FROM analytics_closure WHERE ancestor_id = h AND descendant_id = g.s)
        )
        INSERT INTO analytics_figure (holder_node_id, kind, subject_node_id, period, key, value, updated_at)
        SELECT h, kind, subject, period, ky, sum(n), clock_timestamp()
          FROM (SELECT kind, subject, p AS period, ky, n FROM fanned UNION ALL SELECT kind, subject, '*', ky, n FROM fanned WHERE kind <> 'coverage') f
         GROUP BY kind, subject, period, ky HAVING sum(n) <> 0;
      END $$`);

    // Linkage tasks: the recipient's own state plus what its assignments below add up to (the
    // unit's subtree summary, kept by the linkage-task flow), by the recipient, i.e. by child.
    await q.query(`
      CREATE FUNCTION analytics_linkage_unit_apply(u linkage_task_unit, d int) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE p text := to_char(u.deadline AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'); c record;
      BEGIN
        PERFORM analytics_bump(u.node_id, 'linkage_task', u.recipient_id, p, u.state, d);
        FOR c IN SELECT key, value FROM jsonb_each_text(COALESCE(u.subtree -> 'counts', '{}'::jsonb)) LOOP
          PERFORM analytics_bump(u.node_id, 'linkage_task', u.recipient_id, p, c.key, d * c.value::bigint);
        END LOOP;
      END $$`);
    await q.query(`
      CREATE FUNCTION analytics_linkage_unit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM analytics_linkage_unit_apply(OLD, -1); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM analytics_linkage_unit_apply(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER analytics_linkage_unit AFTER INSERT OR DELETE OR UPDATE OF state, subtree, deadline ON linkage_task_unit FOR EACH ROW EXECUTE FUNCTION analytics_linkage_unit()`);

    // Filings: on time when first submitted (Beijing time) by the due date.
    await q.query(`
      CREATE FUNCTION analytics_filing_apply(f filing, d int) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM analytics_bump(f.node_id, 'filing', f.filer_node_id, to_char(f.due_on, 'YYYY-MM'),
          CASE WHEN f.first_submitted_at IS NULL THEN 'pending'
               WHEN (f.first_submitted_at AT TIME ZONE 'Asia/Shanghai')::date <= f.due_on THEN 'on_time'
               ELSE 'late' END, d);
      END $$`);
    await q.query(`
      CREATE FUNCTION analytics_filing() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM analytics_filing_apply(OLD, -1); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM analytics_filing_apply(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER analytics_filing AFTER INSERT OR DELETE OR UPDATE OF first_submitted_at, due_on, filer_node_id ON filing FOR EACH ROW EXECUTE FUNCTION analytics_filing()`);

    // Rectification items: every tracked deadline of a rectification, by status (open = due).
    await q.query(`
      CREATE FUNCTION analytics_deadline_apply(t tracked_deadline, d int) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF t.kind = 'filing' THEN RETURN; END IF;
        PERFORM analytics_bump(t.node_id, 'rectification', t.owner_node_id, to_char(t.due_on, 'YYYY-MM'), t.status, d);
      END $$`);
    await q.query(`
      CREATE FUNCTION analytics_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM analytics_deadline_apply(OLD, -1); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM analytics_deadline_apply(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER analytics_deadline AFTER INSERT OR DELETE OR UPDATE OF status, due_on, owner_node_id ON tracked_deadline FOR EACH ROW EXECUTE FUNCTION analytics_deadline()`);

    // Clues: counts by disposal status, by the node that found them; never content.
    await q.query(`
      CREATE FUNCTION analytics_clue_apply(c problem_clue, d int) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM analytics_bump(c.node_id, 'clue', c.origin_node_id, to_char(c.recorded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), c.status, d);
      END $$`);
    await q.query(`
      CREATE FUNCTION analytics_clue() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM analytics_clue_apply(OLD, -1); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM analytics_clue_apply(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER analytics_clue AFTER INSERT OR DELETE OR UPDATE OF status, origin_node_id ON problem_clue FOR EACH ROW EXECUTE FUNCTION analytics_clue()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS analytics_clue ON problem_clue`);
    await q.query(`DROP TRIGGER IF EXISTS analytics_deadline ON tracked_deadline`);
    await q.query(`DROP TRIGGER IF EXISTS analytics_filing ON filing`);
    await q.query(`DROP TRIGGER IF EXISTS analytics_linkage_unit ON linkage_task_unit`);
    for (const fn of ['analytics_rebuild(text)', 'analytics_clue()', 'analytics_clue_apply(problem_clue, int)', 'analytics_deadline()', 'analytics_deadline_apply(tracked_deadline, int)', 'analytics_filing()', 'analytics_filing_apply(filing, int)', 'analytics_linkage_unit()', 'analytics_linkage_unit_apply(linkage_task_unit, int)', 'analytics_bump(text, text, text, text, text, bigint)']) {
      await q.query(`DROP FUNCTION IF EXISTS ${fn}`);
    }
    await q.query(`DROP TABLE IF EXISTS analytics_closure`);
    await q.query(`DROP TABLE IF EXISTS analytics_figure`);
  }
}
