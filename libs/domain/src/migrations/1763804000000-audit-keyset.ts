import { MigrationInterface, QueryRunner } from 'typeorm';

/** auditLog pages by (at, node, seq), newest first: one index in that order serves every page. */
export class AuditKeyset1763804000000 implements MigrationInterface {
  name = 'AuditKeyset1763804000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_log_newest ON audit_log (at DESC, node_id DESC, seq DESC)`);
    await q.query(`DROP INDEX audit_log_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_log_at ON audit_log (at DESC)`);
    await q.query(`DROP INDEX audit_log_newest`);
  }
}
