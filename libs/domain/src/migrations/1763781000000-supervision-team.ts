import { MigrationInterface, QueryRunner } from 'typeorm';

/** Guidance and supervision teams: each node's copy, visited nodes' exchanges and their steps. */
export class SupervisionTeam1763781000000 implements MigrationInterface {
  name = 'SupervisionTeam1763781000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision_team (
        node_id       varchar(6) NOT NULL,
        team_id       uuid NOT NULL,
        role          varchar(10) NOT NULL CHECK (role IN ('dispatcher', 'visited', 'relay')),
        issuer_id     varchar(6) NOT NULL,
        name          varchar(200) NOT NULL,
        purpose       text NOT NULL,
        members       jsonb NOT NULL,
        visit_start   timestamptz NOT NULL,
        visit_end     timestamptz NOT NULL,
        dispatched_at timestamptz NOT NULL,
        PRIMARY KEY (node_id, team_id)
      )`);
    await q.query(`CREATE INDEX supervision_team_listing ON supervision_team (node_id, dispatched_at DESC, team_id DESC)`);
    await q.query(`
      CREATE TABLE supervision_team_target (
        node_id    varchar(6) NOT NULL,
        team_id    uuid NOT NULL,
        target_id  varchar(6) NOT NULL,
        state      varchar(24) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, team_id, target_id),
        FOREIGN KEY (node_id, team_id) REFERENCES supervision_team (node_id, team_id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE supervision_team_step (
        node_id   varchar(6) NOT NULL,
        step_id   uuid NOT NULL,
        team_id   uuid NOT NULL,
        target_id varchar(6) NOT NULL,
        kind      varchar(24) NOT NULL,
        by_node   varchar(6) NOT NULL,
        data      jsonb NOT NULL,
        at        timestamptz NOT NULL,
        PRIMARY KEY (node_id, step_id),
        FOREIGN KEY (node_id, team_id, target_id) REFERENCES supervision_team_target (node_id, team_id, target_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX supervision_team_step_history ON supervision_team_step (node_id, team_id, target_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision_team_step`);
    await q.query(`DROP TABLE supervision_team_target`);
    await q.query(`DROP TABLE supervision_team`);
  }
}
