import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units an UPDATE changed, counted without joining the statement's old rows to its new ones.
 * PostgreSQL has no statistics for transition tables and planned that join as a nested loop:
 * when central applied a province's 1,430 reports in one statement, the trigger compared 2 million
 * pairs (0.6 s). Every old row now counts -1 and every new one +1; a unit whose counted columns
 * did not change cancels out in the grouping, which drops sums of zero, so the figures move by
 * exactly what they moved by before.
 */
export class AnalyticsLinkageMoves1763810000000 implements MigrationInterface {
  name = 'AnalyticsLinkageMoves1763810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      linkageUnitsUpdated(`
          SELECT node_id, recipient_id, deadline, state, subtree, -1::bigint AS sign FROM old_units
          UNION ALL
          SELECT node_id, recipient_id, deadline, state, subtree, 1 FROM new_units
        `),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(linkageUnitsUpdated(JOINED_MOVES));
  }
}

// Copied from 1763809000000-analytics-linkage-updates and 1763807000000-analytics-linkage-bulk: a migration is frozen history and imports no other.
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
