import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Figures kept cheap at national scale: the closure indexed by descendant and probed by key, and
 * linkage-task units inserted or deleted in bulk counted once per statement, not once per row (a
 * nationwide task writes 3,351 units in one INSERT). Updates stay a row trigger: PostgreSQL allows a column list
 * (UPDATE OF state, ...) only there.
 */
export class AnalyticsLinkageBulk1763807000000 implements MigrationInterface {
  name = 'AnalyticsLinkageBulk1763807000000';

  async up(q: QueryRunner): Promise<void> {
    // Every count looks up the ancestors of a record's node: by descendant, which the primary key
    // (ancestor, descendant) cannot serve — each figure update scanned the national closure.
    await q.query(`CREATE INDEX analytics_closure_by_descendant ON analytics_closure (descendant_id, ancestor_id)`);
    // Where a record of node s counts at holder h: every ancestor of s inside h's subtree (each
    // checked by key: joined instead, the planner hashed all of h's descendants, 3,352 at central,
    // for every record), and s itself. One definition for the row and the statement counts.
    await q.query(`
      CREATE FUNCTION analytics_targets(h text, s text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
${JOINED_TARGETS}
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION analytics_bump(h text, k text, s text, p text, ky text, d bigint) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF d = 0 OR h IS NULL OR s IS NULL THEN RETURN; END IF;
        INSERT INTO analytics_figure (holder_node_id, kind, subject_node_id, period, key, value, updated_at)
        SELECT h, k, subject, period, ky, d, clock_timestamp()
          FROM (SELECT p AS period UNION ALL SELECT '*' WHERE k <> 'coverage') periods, analytics_targets(h, s) AS subject
        ORDER BY subject, period
        ON CONFLICT (holder_node_id, kind, subject_node_id, period, key)
        DO UPDATE SET value = analytics_figure.value + EXCLUDED.value, updated_at = EXCLUDED.updated_at;
      END $$`);
    await q.query(`
      CREATE FUNCTION analytics_linkage_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE sign bigint := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
      BEGIN
        WITH changes AS (
          SELECT node_id AS h, recipient_id AS s, to_char(deadline AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS p, state AS ky, 1::bigint AS n FROM changed_units
          UNION ALL
          SELECT u.node_id, u.recipient_id, to_char(u.deadline AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), c.key, c.value::bigint
            FROM changed_units u, jsonb_each_text(COALESCE(u.subtree -> 'counts', '{}'::jsonb)) c
        ), grouped AS (
          SELECT h, s, p, ky, sum(n) * sign AS d FROM changes GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
        )
${LINKAGE_FIGURES_FROM_GROUPED}
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER analytics_linkage_unit ON linkage_task_unit`);
    await q.query(`CREATE TRIGGER analytics_linkage_unit AFTER UPDATE OF state, subtree, deadline ON linkage_task_unit FOR EACH ROW EXECUTE FUNCTION analytics_linkage_unit()`);
    await q.query(`CREATE TRIGGER analytics_linkage_units_inserted AFTER INSERT ON linkage_task_unit REFERENCING NEW TABLE AS changed_units FOR EACH STATEMENT EXECUTE FUNCTION analytics_linkage_units_changed()`);
    await q.query(`CREATE TRIGGER analytics_linkage_units_deleted AFTER DELETE ON linkage_task_unit REFERENCING OLD TABLE AS changed_units FOR EACH STATEMENT EXECUTE FUNCTION analytics_linkage_units_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER analytics_linkage_units_deleted ON linkage_task_unit`);
    await q.query(`DROP TRIGGER analytics_linkage_units_inserted ON linkage_task_unit`);
    await q.query(`DROP TRIGGER analytics_linkage_unit ON linkage_task_unit`);
    await q.query(`CREATE TRIGGER analytics_linkage_unit AFTER INSERT OR DELETE OR UPDATE OF state, subtree, deadline ON linkage_task_unit FOR EACH ROW EXECUTE FUNCTION analytics_linkage_unit()`);
    await q.query(`DROP FUNCTION analytics_linkage_units_changed()`);
    await q.query(`DROP INDEX analytics_closure_by_descendant`);
    // analytics_bump keeps using analytics_targets (so that stays too): it counts exactly what the joined form did.
  }
}

/**
 * The figures a linkage-unit statement trigger moves, from its `grouped` CTE of signed counts per
 * (holder, recipient, period, key): at every target of each recipient, for its period and for all.
 */
const LINKAGE_FIGURES_FROM_GROUPED = `        INSERT INTO analytics_figure (holder_node_id, kind, subject_node_id, period, key, value, updated_at)
        SELECT g.h, 'linkage_task', t.subject, per.period, g.ky, sum(g.d), clock_timestamp()
          FROM grouped g
          CROSS JOIN LATERAL analytics_targets(g.h, g.s) AS t(subject)
          CROSS JOIN LATERAL (SELECT g.p AS period UNION ALL SELECT '*') per
         GROUP BY g.h, t.subject, per.period, g.ky
        HAVING sum(g.d) <> 0
         ORDER BY g.h, t.subject, per.period, g.ky
        ON CONFLICT (holder_node_id, kind, subject_node_id, period, key)
        DO UPDATE SET value = analytics_figure.value + EXCLUDED.value, updated_at = EXCLUDED.updated_at;`;

/** analytics_targets as this migration defines it (1763809000000 redefines it, and restores it in its down). */
const JOINED_TARGETS = `        SELECT a.ancestor_id::text
          FROM analytics_closure a
         WHERE a.descendant_id = s AND a.ancestor_id <> h
           AND EXISTS (SELECT 1 FROM analytics_closure inside WHERE inside.ancestor_id = h AND inside.descendant_id = a.ancestor_id)
        UNION ALL
        SELECT s WHERE s = h OR NOT EXISTS (SELECT 1 FROM analytics_closure WHERE ancestor_id = h AND descendant_id = s)`;
