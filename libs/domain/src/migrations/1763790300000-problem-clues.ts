import { MigrationInterface, QueryRunner } from 'typeorm';

/** Problem clues (问题线索): statuses everywhere they are known, content only where they are held. */
export class ProblemClues1763790300000 implements MigrationInterface {
  name = 'ProblemClues1763790300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE problem_clue (
        node_id           varchar(6) NOT NULL,
        id                uuid NOT NULL,
        reference         text NOT NULL,
        origin_node_id    varchar(6) NOT NULL,
        holder_node_id    varchar(6) NOT NULL,
        managed_by        varchar(16) NOT NULL CHECK (managed_by IN ('central', 'provincial', 'municipal', 'county')),
        status            varchar(32) NOT NULL CHECK (status IN ('recorded', 'transferred', 'received', 'preliminary_verification', 'case_filed', 'closed', 'passed_on')),
        revision          integer NOT NULL,
        recorded_at       timestamptz NOT NULL,
        status_changed_at timestamptz NOT NULL,
        PRIMARY KEY (node_id, id)
      )`);
    await q.query(`CREATE INDEX problem_clue_status ON problem_clue (node_id, status)`);
    await q.query(`
      CREATE TABLE problem_clue_content (
        node_id        varchar(6) NOT NULL,
        clue_id        uuid NOT NULL,
        cadre_name     text NOT NULL,
        cadre_position text NOT NULL,
        allegation     text NOT NULL,
        source         text NOT NULL,
        PRIMARY KEY (node_id, clue_id),
        FOREIGN KEY (node_id, clue_id) REFERENCES problem_clue (node_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS problem_clue_content`);
    await q.query(`DROP TABLE IF EXISTS problem_clue`);
  }
}
