import { MigrationInterface, QueryRunner } from 'typeorm';

/** Special checks: each node's copy, checked nodes' exchanges and their steps. */
export class SpecialCheck1763782000000 implements MigrationInterface {
  name = 'SpecialCheck1763782000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE special_check (
        node_id       varchar(6) NOT NULL,
        check_id      uuid NOT NULL,
        role          varchar(10) NOT NULL CHECK (role IN ('checker', 'checked', 'relay')),
        issuer_id     varchar(6) NOT NULL,
        title         varchar(200) NOT NULL,
        subject       varchar(200) NOT NULL,
        requirements  text NOT NULL,
        due_date      timestamptz NOT NULL,
        notified_at   timestamptz NOT NULL,
        PRIMARY KEY (node_id, check_id)
      )`);
    await q.query(`CREATE INDEX special_check_listing ON special_check (node_id, notified_at DESC, check_id DESC)`);
    await q.query(`
      CREATE TABLE special_check_target (
        node_id    varchar(6) NOT NULL,
        check_id   uuid NOT NULL,
        target_id  varchar(6) NOT NULL,
        state      varchar(24) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, check_id, target_id),
        FOREIGN KEY (node_id, check_id) REFERENCES special_check (node_id, check_id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE special_check_step (
        node_id   varchar(6) NOT NULL,
        step_id   uuid NOT NULL,
        check_id  uuid NOT NULL,
        target_id varchar(6) NOT NULL,
        kind      varchar(24) NOT NULL,
        by_node   varchar(6) NOT NULL,
        data      jsonb NOT NULL,
        at        timestamptz NOT NULL,
        PRIMARY KEY (node_id, step_id),
        FOREIGN KEY (node_id, check_id, target_id) REFERENCES special_check_target (node_id, check_id, target_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX special_check_step_history ON special_check_step (node_id, check_id, target_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE special_check_step`);
    await q.query(`DROP TABLE special_check_target`);
    await q.query(`DROP TABLE special_check`);
  }
}
