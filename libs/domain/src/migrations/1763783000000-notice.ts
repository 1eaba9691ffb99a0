import { MigrationInterface, QueryRunner } from 'typeorm';

/** Notices of common and tendency problems: each node's copy and who has read it. */
export class Notice1763783000000 implements MigrationInterface {
  name = 'Notice1763783000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notice (
        node_id   varchar(6) NOT NULL,
        notice_id uuid NOT NULL,
        role      varchar(10) NOT NULL CHECK (role IN ('issuer', 'recipient', 'relay')),
        issuer_id varchar(6) NOT NULL,
        title     varchar(200) NOT NULL,
        body      text NOT NULL,
        category  varchar(10) NOT NULL CHECK (category IN ('common', 'tendency')),
        issued_at timestamptz NOT NULL,
        PRIMARY KEY (node_id, notice_id)
      )`);
    await q.query(`CREATE INDEX notice_listing ON notice (node_id, issued_at DESC, notice_id DESC)`);
    await q.query(`
      CREATE TABLE notice_recipient (
        node_id      varchar(6) NOT NULL,
        notice_id    uuid NOT NULL,
        recipient_id varchar(6) NOT NULL,
        read_at      timestamptz,
        PRIMARY KEY (node_id, notice_id, recipient_id),
        FOREIGN KEY (node_id, notice_id) REFERENCES notice (node_id, notice_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX notice_recipient_unread ON notice_recipient (node_id, notice_id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notice_recipient`);
    await q.query(`DROP TABLE notice`);
  }
}
