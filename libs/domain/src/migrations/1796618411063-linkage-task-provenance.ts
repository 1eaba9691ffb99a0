import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The issuer's own signature over each version of a task and over its cancel, as every level
 * received it: with the registry's public keys, a node's own database shows who issued what.
 */
export class LinkageTaskProvenance1796618411063 implements MigrationInterface {
  name = 'LinkageTaskProvenance1796618411063';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE linkage_task_version ADD COLUMN proof jsonb`);
    await q.query(`ALTER TABLE linkage_task ADD COLUMN cancel_proof jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE linkage_task DROP COLUMN cancel_proof`);
    await q.query(`ALTER TABLE linkage_task_version DROP COLUMN proof`);
  }
}
