import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The level that supervises an obligation when that is not the owner's parent — the issuer of a
 * special check or a supervision team several levels up — is alerted too when it is missed.
 * IF NOT EXISTS: another branch adds the same column to tracked_deadline for 提级巡视; whichever
 * runs first adds it. Down leaves it for the same reason: it is nullable and harmless.
 */
export class DeadlineSupervisingNode1796620644150 implements MigrationInterface {
  name = 'DeadlineSupervisingNode1796620644150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tracked_deadline ADD COLUMN IF NOT EXISTS supervising_node_id varchar(6)`);
  }

  async down(): Promise<void> {
    // Kept: see above.
  }
}
