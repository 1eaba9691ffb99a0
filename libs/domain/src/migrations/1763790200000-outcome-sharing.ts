import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outcomes shared upward (成果共享), kept by the origin and every level above it. */
export class OutcomeSharing1763790200000 implements MigrationInterface {
  name = 'OutcomeSharing1763790200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE shared_outcome (
        node_id        varchar(6) NOT NULL,
        id             uuid NOT NULL,
        origin_node_id varchar(6) NOT NULL,
        kind           varchar(32) NOT NULL,
        title          text NOT NULL,
        summary        text NOT NULL,
        problems       jsonb NOT NULL DEFAULT '[]',
        shared_at      timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, id)
      )`);
    await q.query(`CREATE INDEX shared_outcome_recent ON shared_outcome (node_id, shared_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS shared_outcome`);
  }
}
