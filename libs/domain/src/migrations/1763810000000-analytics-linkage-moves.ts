import { MigrationInterface, QueryRunner } from 'typeorm';
import { JOINED_MOVES, linkageUnitsUpdated } from './1763809000000-analytics-linkage-updates';

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
