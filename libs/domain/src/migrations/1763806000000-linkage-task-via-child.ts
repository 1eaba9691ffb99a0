import { MigrationInterface, QueryRunner } from 'typeorm';

/** A task's units by the child they come through: a report refreshes only its child's roll-up. */
export class LinkageTaskViaChild1763806000000 implements MigrationInterface {
  name = 'LinkageTaskViaChild1763806000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX linkage_task_unit_via_child ON linkage_task_unit (node_id, task_id, via_child)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX linkage_task_unit_via_child`);
  }
}
