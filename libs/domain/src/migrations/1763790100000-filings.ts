import { MigrationInterface, QueryRunner } from 'typeorm';

/** Filings (报备) and their versions: the links of the approval chain as each node sees them. */
export class Filings1763790100000 implements MigrationInterface {
  name = 'Filings1763790100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE filing (
        node_id            varchar(6) NOT NULL,
        id                 uuid NOT NULL,
        chain_id           uuid NOT NULL,
        parent_filing_id   uuid,
        filer_node_id      varchar(6) NOT NULL,
        reviewer_node_id   varchar(6) NOT NULL,
        kind               varchar(32) NOT NULL,
        title              text NOT NULL,
        due_on             date NOT NULL,
        consolidated       boolean NOT NULL,
        status             varchar(16) NOT NULL CHECK (status IN ('requested', 'submitted', 'accepted', 'returned')),
        version            integer NOT NULL DEFAULT 0,
        revision           integer NOT NULL DEFAULT 1,
        first_submitted_at timestamptz,
        requested_at       timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        return_reasons     text,
        returned_by        varchar(6),
        must_act_node_id   varchar(6),
        PRIMARY KEY (node_id, id)
      )`);
    await q.query(`CREATE INDEX filing_chain ON filing (node_id, chain_id)`);
    await q.query(`CREATE INDEX filing_feeders ON filing (node_id, parent_filing_id) WHERE parent_filing_id IS NOT NULL`);
    await q.query(`CREATE INDEX filing_reviewer ON filing (node_id, filer_node_id) WHERE node_id = reviewer_node_id`);
    await q.query(`
      CREATE TABLE filing_version (
        node_id      varchar(6) NOT NULL,
        filing_id    uuid NOT NULL,
        version      integer NOT NULL,
        content      text NOT NULL,
        submitted_at timestamptz NOT NULL,
        decision     varchar(16) CHECK (decision IN ('accepted', 'returned')),
        decided_at   timestamptz,
        remarks      text,
        PRIMARY KEY (node_id, filing_id, version),
        FOREIGN KEY (node_id, filing_id) REFERENCES filing (node_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS filing_version`);
    await q.query(`DROP TABLE IF EXISTS filing`);
  }
}
