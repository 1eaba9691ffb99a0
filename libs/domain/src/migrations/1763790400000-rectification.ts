import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rectification (整改) under the deadlines of seed 000: the record, its lists, reports and review. */
export class Rectification1763790400000 implements MigrationInterface {
  name = 'Rectification1763790400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rectification (
        node_id                    varchar(6) NOT NULL,
        id                         uuid NOT NULL,
        supervising_node_id        varchar(6) NOT NULL,
        inspected_node_id          varchar(6) NOT NULL,
        organisation               text NOT NULL,
        feedback_summary           text NOT NULL,
        feedback_received_on       date NOT NULL,
        concentrated_ends_on       date NOT NULL,
        progress_report_due_on     date NOT NULL,
        supervision_reports_due_on date NOT NULL,
        status                     varchar(32) NOT NULL CHECK (status IN ('concentrated', 'progress_reported', 'reviewed', 'published')),
        democratic_life_meeting_on date,
        progress_reported_at       timestamptz,
        review_overall             text,
        review_issued_at           timestamptz,
        review_received_on         date,
        publication_due_on         date,
        internal_notice_on         date,
        public_disclosure_on       date,
        opened_at                  timestamptz NOT NULL,
        updated_at                 timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, id)
      )`);
    await q.query(`
      CREATE TABLE rectification_problem (
        node_id          varchar(6) NOT NULL,
        id               uuid NOT NULL,
        rectification_id uuid NOT NULL,
        description      text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, id),
        FOREIGN KEY (node_id, rectification_id) REFERENCES rectification (node_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE rectification_task (
        node_id          varchar(6) NOT NULL,
        id               uuid NOT NULL,
        rectification_id uuid NOT NULL,
        problem_id       uuid NOT NULL,
        measure          text NOT NULL,
        responsible      text NOT NULL,
        due_on           date,
        long_term        boolean NOT NULL DEFAULT false,
        status           varchar(16) NOT NULL CHECK (status IN ('open', 'done')),
        done_at          timestamptz,
        completion_note  text,
        PRIMARY KEY (node_id, id),
        FOREIGN KEY (node_id, problem_id) REFERENCES rectification_problem (node_id, id) ON DELETE CASCADE,
        CHECK (long_term OR due_on IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX rectification_task_of ON rectification_task (node_id, rectification_id)`);
    await q.query(`
      CREATE TABLE rectification_stage (
        node_id          varchar(6) NOT NULL,
        id               uuid NOT NULL,
        task_id          uuid NOT NULL,
        rectification_id uuid NOT NULL,
        goal             text NOT NULL,
        due_on           date NOT NULL,
        done_at          timestamptz,
        PRIMARY KEY (node_id, id),
        FOREIGN KEY (node_id, task_id) REFERENCES rectification_task (node_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE rectification_report (
        node_id          varchar(6) NOT NULL,
        id               uuid NOT NULL,
        rectification_id uuid NOT NULL,
        kind             varchar(32) NOT NULL CHECK (kind IN ('progress', 'follow_up', 'supervision_discipline', 'supervision_organization')),
        summary          text NOT NULL,
        items            jsonb NOT NULL DEFAULT '[]',
        submitted_at     timestamptz NOT NULL,
        PRIMARY KEY (node_id, id),
        FOREIGN KEY (node_id, rectification_id) REFERENCES rectification (node_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX rectification_report_of ON rectification_report (node_id, rectification_id)`);
    await q.query(`
      CREATE TABLE rectification_review_opinion (
        node_id          varchar(6) NOT NULL,
        rectification_id uuid NOT NULL,
        office           varchar(32) NOT NULL CHECK (office IN ('discipline', 'organization', 'inspection_office')),
        opinion          text NOT NULL,
        recorded_at      timestamptz NOT NULL,
        PRIMARY KEY (node_id, rectification_id, office),
        FOREIGN KEY (node_id, rectification_id) REFERENCES rectification (node_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rectification_review_opinion', 'rectification_report', 'rectification_stage', 'rectification_task', 'rectification_problem', 'rectification']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
