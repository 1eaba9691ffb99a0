import { MigrationInterface, QueryRunner } from 'typeorm';

/** Linkage tasks: each node's copy, its version history, recipients' status and per-child roll-ups. */
export class LinkageTask1763780000000 implements MigrationInterface {
  name = 'LinkageTask1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE linkage_task (
        node_id                varchar(6) NOT NULL,
        task_id                uuid NOT NULL,
        role                   varchar(10) NOT NULL CHECK (role IN ('issuer', 'recipient', 'relay')),
        issuer_id              varchar(6) NOT NULL,
        parent_task_id         uuid,
        root_task_id           uuid NOT NULL,
        kind                   varchar(16) NOT NULL,
        linkage_type           varchar(16) NOT NULL,
        scope                  jsonb NOT NULL,
        version                integer NOT NULL,
        title                  varchar(200) NOT NULL,
        requirements           text NOT NULL,
        inherited_requirements text,
        focus_points           jsonb NOT NULL,
        start_at               timestamptz NOT NULL,
        deadline               timestamptz NOT NULL,
        issued_at              timestamptz NOT NULL,
        amended_at             timestamptz,
        cancelled_at           timestamptz,
        cancel_reason          text,
        summary                jsonb NOT NULL,
        updated_at             timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, task_id)
      )`);
    await q.query(`CREATE INDEX linkage_task_listing ON linkage_task (node_id, issued_at DESC, task_id DESC)`);
    await q.query(`CREATE INDEX linkage_task_parent ON linkage_task (node_id, parent_task_id) WHERE parent_task_id IS NOT NULL`);
    await q.query(`CREATE INDEX linkage_task_root ON linkage_task (node_id, root_task_id)`);
    await q.query(`
      CREATE TABLE linkage_task_version (
        node_id      varchar(6) NOT NULL,
        task_id      uuid NOT NULL,
        version      integer NOT NULL,
        title        varchar(200) NOT NULL,
        requirements text NOT NULL,
        focus_points jsonb NOT NULL,
        start_at     timestamptz NOT NULL,
        deadline     timestamptz NOT NULL,
        note         text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, task_id, version),
        FOREIGN KEY (node_id, task_id) REFERENCES linkage_task (node_id, task_id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE linkage_task_unit (
        node_id      varchar(6) NOT NULL,
        task_id      uuid NOT NULL,
        recipient_id varchar(6) NOT NULL,
        via_child    varchar(6) NOT NULL,
        phase        varchar(16) NOT NULL,
        overdue      boolean NOT NULL DEFAULT false,
        state        varchar(16) NOT NULL,
        percent      integer NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
        rev          integer NOT NULL DEFAULT 0,
        note         text,
        report       text,
        subtree      jsonb,
        deadline     timestamptz NOT NULL,
        completed_at timestamptz,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, task_id, recipient_id),
        FOREIGN KEY (node_id, task_id) REFERENCES linkage_task (node_id, task_id) ON DELETE CASCADE
      )`);
    // The overdue sweep reads only unfinished units whose deadline has come.
    await q.query(`CREATE INDEX linkage_task_unit_due ON linkage_task_unit (deadline) WHERE state IN ('issued', 'received', 'accepted', 'in_progress')`);
    await q.query(`CREATE INDEX linkage_task_unit_recipient ON linkage_task_unit (node_id, recipient_id, state)`);
    await q.query(`
      CREATE TABLE linkage_task_child (
        node_id     varchar(6) NOT NULL,
        task_id     uuid NOT NULL,
        child_id    varchar(6) NOT NULL,
        child_state varchar(16),
        summary     jsonb NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, task_id, child_id),
        FOREIGN KEY (node_id, task_id) REFERENCES linkage_task (node_id, task_id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE linkage_task_child`);
    await q.query(`DROP TABLE linkage_task_unit`);
    await q.query(`DROP TABLE linkage_task_version`);
    await q.query(`DROP TABLE linkage_task`);
  }
}
