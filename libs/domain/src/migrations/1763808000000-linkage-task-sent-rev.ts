import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which revision of each recipient's status a node has already sent to its parent, and when the
 * recipient reported it (what the report carries up, whoever passes it on): reports go up
 * once per change a node applied, all of a task's changed units in one message, and a rolled-back
 * run leaves them unsent with everything else it did.
 */
export class LinkageTaskSentRev1763808000000 implements MigrationInterface {
  name = 'LinkageTaskSentRev1763808000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE linkage_task_unit ADD COLUMN sent_rev int NOT NULL DEFAULT 0, ADD COLUMN reported_at timestamptz`);
    // What was there before was sent one report at a time, as it changed.
    await q.query(`UPDATE linkage_task_unit SET sent_rev = rev, reported_at = updated_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE linkage_task_unit DROP COLUMN sent_rev, DROP COLUMN reported_at`);
  }
}
