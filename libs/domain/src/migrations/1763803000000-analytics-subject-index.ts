import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A page of roll-ups reads every figure of each listed node: one range per node under this index
 * instead of one per kind under the primary key. Only key columns, so the triggers' counter
 * updates (value, updated_at) stay HOT.
 */
export class AnalyticsSubjectIndex1763803000000 implements MigrationInterface {
  name = 'AnalyticsSubjectIndex1763803000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX analytics_figure_by_subject ON analytics_figure (holder_node_id, subject_node_id, period)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX analytics_figure_by_subject`);
  }
}
