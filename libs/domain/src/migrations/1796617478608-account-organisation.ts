import { MigrationInterface, QueryRunner } from 'typeorm';

/** An account may act for one organisation of its node's register (role inspected_organisation alone). */
export class AccountOrganisation1796617478608 implements MigrationInterface {
  name = 'AccountOrganisation1796617478608';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account ADD COLUMN organisation_id uuid`);
    await q.query(`ALTER TABLE account ADD CONSTRAINT account_organisation_scope CHECK ((organisation_id IS NULL) = NOT ('inspected_organisation' = ANY (roles)) AND (organisation_id IS NULL OR cardinality(roles) = 1))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM account WHERE organisation_id IS NOT NULL`);
    await q.query(`ALTER TABLE account DROP CONSTRAINT IF EXISTS account_organisation_scope`);
    await q.query(`ALTER TABLE account DROP COLUMN IF EXISTS organisation_id`);
  }
}
