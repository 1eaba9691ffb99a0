import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 全覆盖 per term over the register. Terms (届) per node; a tally now also counts the organisations
 * scheduled and those at risk (unscheduled near the end of the term), rolled up like the others.
 * The bare names registered per term before become organisations of their node's register (kind
 * 其他), their terms become terms with dates from their years, and their marks become prior
 * inspections, so every tally stays what it was.
 */
export class CoverageTerms1796617478607 implements MigrationInterface {
  name = 'CoverageTerms1796617478607';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inspection_term (
        node_id    varchar(6) NOT NULL,
        label      varchar(16) NOT NULL,
        starts_on  date NOT NULL,
        ends_on    date NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (node_id, label),
        CHECK (starts_on < ends_on)
      )`);
    // Inspections before rounds were recorded (the marks of the former coverage list).
    await q.query(`
      CREATE TABLE coverage_prior_inspection (
        node_id         varchar(6) NOT NULL,
        organisation_id uuid NOT NULL,
        inspected_on    date NOT NULL,
        PRIMARY KEY (node_id, organisation_id, inspected_on)
      )`);
    await q.query(`ALTER TABLE coverage_report ADD COLUMN scheduled integer NOT NULL DEFAULT 0, ADD COLUMN at_risk integer NOT NULL DEFAULT 0, ADD COLUMN term_ends_on date`);

    // Terms 2017-2022 and 2022-2027 of the old labels: from 1 January of the first year to the day before 1 January of the second.
    await q.query(`
      INSERT INTO inspection_term (node_id, label, starts_on, ends_on, created_at)
      SELECT DISTINCT node_id, term, make_date(split_part(term, '-', 1)::int, 1, 1), make_date(split_part(term, '-', 2)::int, 1, 1) - 1, now()
        FROM coverage_organisation`);
    // One organisation per name and node, active from its first term to the end of its last one
    // when a later term of the node no longer lists it.
    await q.query(`
      WITH spans AS (
        SELECT c.node_id, c.name, min(t.starts_on) AS first_start, max(t.ends_on) AS last_end
          FROM coverage_organisation c JOIN inspection_term t ON t.node_id = c.node_id AND t.label = c.term
         GROUP BY c.node_id, c.name
      )
      INSERT INTO organisation (node_id, id, name, kind, inspector_node_id, active_from, active_to, revision, updated_at)
      SELECT s.node_id, gen_random_uuid(), left(s.name, 200), 'other', s.node_id, s.first_start,
             CASE WHEN EXISTS (SELECT 1 FROM inspection_term t WHERE t.node_id = s.node_id AND t.starts_on > s.last_end) THEN s.last_end END, 1, now()
        FROM spans s`);
    await q.query(`
      INSERT INTO coverage_prior_inspection (node_id, organisation_id, inspected_on)
      SELECT DISTINCT c.node_id, o.id, c.inspected_on
        FROM coverage_organisation c JOIN organisation o ON o.node_id = c.node_id AND o.inspector_node_id = c.node_id AND o.name = left(c.name, 200)
       WHERE c.inspected_on IS NOT NULL`);
    await q.query(`UPDATE coverage_report r SET term_ends_on = t.ends_on FROM inspection_term t WHERE t.node_id = r.origin_node_id AND t.label = r.term`);
    await q.query(`DROP TABLE coverage_organisation`);

    await q.query(`
      CREATE OR REPLACE FUNCTION analytics_coverage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM analytics_bump(OLD.node_id, 'coverage', OLD.origin_node_id, OLD.term, 'organisations', -OLD.organisations);
          PERFORM analytics_bump(OLD.node_id, 'coverage', OLD.origin_node_id, OLD.term, 'inspected', -OLD.inspected);
          PERFORM analytics_bump(OLD.node_id, 'coverage', OLD.origin_node_id, OLD.term, 'scheduled', -OLD.scheduled);
          PERFORM analytics_bump(OLD.node_id, 'coverage', OLD.origin_node_id, OLD.term, 'at_risk', -OLD.at_risk);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM analytics_bump(NEW.node_id, 'coverage', NEW.origin_node_id, NEW.term, 'organisations', NEW.organisations);
          PERFORM analytics_bump(NEW.node_id, 'coverage', NEW.origin_node_id, NEW.term, 'inspected', NEW.inspected);
          PERFORM analytics_bump(NEW.node_id, 'coverage', NEW.origin_node_id, NEW.term, 'scheduled', NEW.scheduled);
          PERFORM analytics_bump(NEW.node_id, 'coverage', NEW.origin_node_id, NEW.term, 'at_risk', NEW.at_risk);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION analytics_rebuild(h text) RETURNS void LANGUAGE plpgsql AS $$
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
          UNION ALL
          SELECT 'coverage', origin_node_id, term, 'scheduled', scheduled FROM coverage_report WHERE node_id = h
          UNION ALL
          SELECT 'coverage', origin_node_id, term, 'at_risk', at_risk FROM coverage_report WHERE node_id = h
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coverage_organisation (
        node_id       varchar(6) NOT NULL,
        id            uuid NOT NULL,
        term          varchar(16) NOT NULL,
        name          text NOT NULL,
        inspected_on  date,
        registered_at timestamptz NOT NULL,
        PRIMARY KEY (node_id, id),
        CONSTRAINT coverage_organisation_name UNIQUE (node_id, term, name)
      )`);
    // Back to bare names per term: every organisation of a node's own register active in each of its terms.
    await q.query(`
      INSERT INTO coverage_organisation (node_id, id, term, name, inspected_on, registered_at)
      SELECT o.node_id, gen_random_uuid(), t.label, o.name,
             (SELECT min(p.inspected_on) FROM coverage_prior_inspection p WHERE p.node_id = o.node_id AND p.organisation_id = o.id AND p.inspected_on BETWEEN t.starts_on AND t.ends_on), now()
        FROM organisation o JOIN inspection_term t ON t.node_id = o.node_id
       WHERE o.inspector_node_id = o.node_id AND o.active_from <= t.ends_on AND (o.active_to IS NULL OR o.active_to >= t.starts_on)`);
    await q.query(`DELETE FROM analytics_figure WHERE kind = 'coverage' AND key IN ('scheduled', 'at_risk')`);
    await q.query(`
      CREATE OR REPLACE FUNCTION analytics_coverage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM analytics_bump(OLD.node_id, 'coverage', OLD.origin_node_id, OLD.term, 'organisations', -OLD.organisations);
          PERFORM analytics_bump(OLD.node_id, 'coverage', OLD.origin_node_id, OLD.term, 'inspected', -OLD.inspected);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM analytics_bump(NEW.node_id, 'coverage', NEW.origin_node_id, NEW.term, 'organisations', NEW.organisations);
          PERFORM analytics_bump(NEW.node_id, 'coverage', NEW.origin_node_id, NEW.term, 'inspected', NEW.inspected);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION analytics_rebuild(h text) RETURNS void LANGUAGE plpgsql AS $$
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
    await q.query(`ALTER TABLE coverage_report DROP COLUMN term_ends_on, DROP COLUMN at_risk, DROP COLUMN scheduled`);
    await q.query(`DROP TABLE IF EXISTS coverage_prior_inspection`);
    await q.query(`DROP TABLE IF EXISTS inspection_term`);
  }
}
