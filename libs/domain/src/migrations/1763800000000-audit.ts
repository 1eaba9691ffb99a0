import { MigrationInterface, QueryRunner } from 'typeorm';

/** Audit log, hash-chained per node; the head row is what appends lock to serialise per node. */
export class Audit1763800000000 implements MigrationInterface {
  name = 'Audit1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_chain_head (
        node_id varchar(6) PRIMARY KEY,
        seq     bigint NOT NULL,
        hash    char(64) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        node_id        varchar(6) NOT NULL,
        seq            bigint NOT NULL,
        at             timestamptz NOT NULL,
        subject        text,
        caller_node_id text,
        roles          text NOT NULL,
        action         varchar(24) NOT NULL CHECK (action IN ('mutation', 'confidential_read', 'denial')),
        operation      text NOT NULL,
        target         text NOT NULL,
        outcome        varchar(16) NOT NULL CHECK (outcome IN ('attempt', 'ok', 'failed', 'denied')),
        detail         text NOT NULL,
        prev_hash      char(64) NOT NULL,
        hash           char(64) NOT NULL,
        PRIMARY KEY (node_id, seq)
      )`);
    await q.query(`CREATE INDEX audit_log_at ON audit_log (at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_log`);
    await q.query(`DROP TABLE IF EXISTS audit_chain_head`);
  }
}
