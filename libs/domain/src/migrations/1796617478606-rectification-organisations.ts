import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rectification against an organisation of the register: which one, its own region node (whose
 * office then acts for it) and the round; look-back reopenings beside the tasks they reopened; and
 * the supervising level of a deadline when that is not the owner's parent, so it is alerted too.
 */
export class RectificationOrganisations1796617478606 implements MigrationInterface {
  name = 'RectificationOrganisations1796617478606';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rectification ADD COLUMN organisation_id uuid, ADD COLUMN organisation_node_id varchar(6), ADD COLUMN round_id uuid`);
    // Feedback recorded before the register was to a child node's own organisation.
    await q.query(`UPDATE rectification SET organisation_node_id = inspected_node_id`);
    await q.query(`CREATE INDEX rectification_organisation ON rectification (node_id, organisation_id) WHERE organisation_id IS NOT NULL`);
    await q.query(`CREATE INDEX rectification_round ON rectification (node_id, round_id) WHERE round_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE rectification_reopening (
        node_id          varchar(6) NOT NULL,
        id               uuid NOT NULL,
        rectification_id uuid NOT NULL,
        task_id          uuid NOT NULL,
        round_id         uuid NOT NULL,
        reason           text NOT NULL,
        previous_status  varchar(16) NOT NULL,
        previous_due_on  date,
        previous_done_at timestamptz,
        previous_note    text,
        due_on           date NOT NULL,
        reopened_at      timestamptz NOT NULL,
        PRIMARY KEY (node_id, id)
      )`);
    await q.query(`CREATE INDEX rectification_reopening_task ON rectification_reopening (node_id, task_id)`);
    await q.query(`ALTER TABLE tracked_deadline ADD COLUMN supervising_node_id varchar(6)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tracked_deadline DROP COLUMN IF EXISTS supervising_node_id`);
    await q.query(`DROP TABLE IF EXISTS rectification_reopening`);
    await q.query(`ALTER TABLE rectification DROP COLUMN IF EXISTS round_id, DROP COLUMN IF EXISTS organisation_node_id, DROP COLUMN IF EXISTS organisation_id`);
  }
}
