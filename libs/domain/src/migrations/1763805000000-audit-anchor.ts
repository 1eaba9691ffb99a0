import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chain heads of the children's audit logs, as each child sent them (audit.anchor). Every anchor
 * is kept: a child whose chain no longer reaches one of them lost rows from its end.
 */
export class AuditAnchor1763805000000 implements MigrationInterface {
  name = 'AuditAnchor1763805000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_anchor (
        holder_node_id varchar(6) NOT NULL,
        node_id        varchar(6) NOT NULL,
        seq            bigint NOT NULL,
        hash           char(64) NOT NULL,
        anchored_at    timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (holder_node_id, node_id, seq, hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_anchor`);
  }
}
