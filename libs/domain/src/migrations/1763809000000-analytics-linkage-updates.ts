import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Linkage-task units updated in bulk counted once per statement, as inserts and deletes already
 * are, and a figure's targets found by key. A row trigger ran analytics_bump twice per changed unit, each an upsert of the same few hot
 * figure rows (a province's totals at central take a receipt from every county below it): central
 * spent 10 of its 12 CPU seconds of a nationwide fan-out there. Grouped per statement, a batch of
 * reports touches each figure row once, and only units whose counted columns changed count.
 */
export class AnalyticsLinkageUpdates1763809000000 implements MigrationInterface {
  name = 'AnalyticsLinkageUpdates1763809000000';

  async up(q: QueryRunner): Promise<void> {
    // The same targets, found by two key lookups: the holder above s (its depth says how far up to
    // go) and s's ancestors below that. The EXISTS form let the planner turn the check into a join
    // reading the holder's whole subtree (3,352 closure rows at central) for each record counted.
    await q.query(`
      CREATE OR REPLACE FUNCTION analytics_targets(h text, s text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
        SELECT a.ancestor_id::text
          FROM analytics_closure held, analytics_closure a
         WHERE held.ancestor_id = h AND held.descendant_id = s
           AND a.descendant_id = s AND a.depth < held.depth
        UNION ALL
        SELECT s WHERE s = h OR NOT EXISTS (SELECT 1 FROM analytics_closure WHERE ancestor_id = h AND descendant_id = s)
      $$`);
    await q.query(linkageUnitsUpdated(JOINED_MOVES));
    await q.query(`DROP TRIGGER analytics_linkage_unit ON linkage_task_unit`);
    await q.query(
      `CREATE TRIGGER analytics_linkage_units_updated AFTER UPDATE ON linkage_task_unit REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION analytics_linkage_units_updated()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER analytics_linkage_units_updated ON linkage_task_unit`);
    await q.query(`DROP FUNCTION analytics_linkage_units_updated()`);
    await q.query(`CREATE TRIGGER analytics_linkage_unit AFTER UPDATE OF state, subtree, deadline ON linkage_task_unit FOR EACH ROW EXECUTE FUNCTION analytics_linkage_unit()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION analytics_targets(h text, s text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
${JOINED_TARGETS}
      $$`);
  }
}

/** The units whose counted columns an UPDATE changed, old rows counted -1 and new ones +1: as this migration found them. */
const JOINED_MOVES = `          SELECT o.node_id, o.recipient_id, o.deadline, o.state, o.subtree, -1::bigint AS sign
            FROM old_units o JOIN new_units n USING (node_id, task_id, recipient_id)
           WHERE (o.state, o.subtree, o.deadline) IS DISTINCT FROM (n.state, n.subtree, n.deadline)
          UNION ALL
          SELECT n.node_id, n.recipient_id, n.deadline, n.state, n.subtree, 1
            FROM old_units o JOIN new_units n USING (node_id, task_id, recipient_id)
           WHERE (o.state, o.subtree, o.deadline) IS DISTINCT FROM (n.state, n.subtree, n.deadline)
        `;

/** The statement trigger's function, with `moved` as the CTE of signed unit rows it counts. */
function linkageUnitsUpdated(moved: string): string {
  return `
      CREATE OR REPLACE FUNCTION analytics_linkage_units_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH moved AS (${moved}), changes AS (
          SELECT node_id AS h, recipient_id AS s, to_char(deadline AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS p, state AS ky, sign AS n FROM moved
          UNION ALL
          SELECT u.node_id, u.recipient_id, to_char(u.deadline AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), c.key, c.value::bigint * u.sign
            FROM moved u, jsonb_each_text(COALESCE(u.subtree -> 'counts', '{}'::jsonb)) c
        ), grouped AS (
          SELECT h, s, p, ky, sum(n) AS d FROM changes GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
        )
${LINKAGE_FIGURES_FROM_GROUPED}
        RETURN NULL;
      END $$`;
}

// Copied from 1763807000000-analytics-linkage-bulk: a migration is frozen history and imports no other.
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
