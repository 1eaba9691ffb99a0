import { MigrationInterface, QueryRunner } from 'typeorm';

/** Obligations with a due date (own and the subtree's copies) and overdue alerts received from children. */
export class Deadlines1763790000000 implements MigrationInterface {
  name = 'Deadlines1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tracked_deadline (
        node_id       varchar(6) NOT NULL,
        id            uuid NOT NULL,
        owner_node_id varchar(6) NOT NULL,
        kind          varchar(40) NOT NULL,
        record_id     uuid NOT NULL,
        subject_id    uuid NOT NULL,
        title         text NOT NULL,
        due_on        date NOT NULL,
        overdue_from  timestamptz NOT NULL,
        status        varchar(16) NOT NULL CHECK (status IN ('open', 'overdue', 'met', 'cancelled')),
        revision      integer NOT NULL,
        overdue_at    timestamptz,
        met_at        timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, id),
        CONSTRAINT tracked_deadline_subject UNIQUE (node_id, kind, subject_id)
      )`);
    await q.query(`CREATE INDEX tracked_deadline_due ON tracked_deadline (node_id, due_on)`);
    await q.query(`CREATE INDEX tracked_deadline_record ON tracked_deadline (node_id, record_id)`);
    await q.query(`CREATE INDEX tracked_deadline_sweep ON tracked_deadline (overdue_from) WHERE status = 'open' AND node_id = owner_node_id`);
    await q.query(`
      CREATE TABLE deadline_alert (
        node_id       varchar(6) NOT NULL,
        deadline_id   uuid NOT NULL,
        owner_node_id varchar(6) NOT NULL,
        kind          varchar(40) NOT NULL,
        record_id     uuid NOT NULL,
        subject_id    uuid NOT NULL,
        title         text NOT NULL,
        due_on        date NOT NULL,
        overdue_at    timestamptz NOT NULL,
        received_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, deadline_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS deadline_alert`);
    await q.query(`DROP TABLE IF EXISTS tracked_deadline`);
  }
}
