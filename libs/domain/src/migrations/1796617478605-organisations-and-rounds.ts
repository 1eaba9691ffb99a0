import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register of inspected organisations (每个节点的被巡视巡察党组织名册, with copies of the
 * registers below) and rounds (第N轮巡视巡察) with their teams, targets, dated steps and the
 * rectifications a look-back revisits; at the arranging node and as copies at every node concerned.
 */
export class OrganisationsAndRounds1796617478605 implements MigrationInterface {
  name = 'OrganisationsAndRounds1796617478605';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation (
        node_id           varchar(6) NOT NULL,
        id                uuid NOT NULL,
        name              varchar(200) NOT NULL,
        code              varchar(64),
        kind              varchar(32) NOT NULL CHECK (kind IN ('local_committee', 'party_group', 'state_enterprise', 'university', 'public_institution', 'township', 'village', 'other')),
        inspector_node_id varchar(6) NOT NULL,
        region_node_id    varchar(6),
        cadre_level       varchar(16) CHECK (cadre_level IN ('central', 'provincial', 'municipal', 'county')),
        active_from       date NOT NULL,
        active_to         date,
        successor_id      uuid,
        revision          int NOT NULL,
        updated_at        timestamptz NOT NULL,
        PRIMARY KEY (node_id, id),
        CHECK (active_to IS NULL OR active_to >= active_from)
      )`);
    // A node's own register: one name, one code and one living committee per region. Copies follow their inspector.
    await q.query(`CREATE UNIQUE INDEX organisation_own_name ON organisation (node_id, name) WHERE inspector_node_id = node_id`);
    await q.query(`CREATE UNIQUE INDEX organisation_own_code ON organisation (node_id, code) WHERE inspector_node_id = node_id AND code IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX organisation_own_region ON organisation (node_id, region_node_id) WHERE inspector_node_id = node_id AND region_node_id IS NOT NULL AND active_to IS NULL`);
    await q.query(`CREATE INDEX organisation_by_name ON organisation (node_id, name, id)`);
    await q.query(`CREATE INDEX organisation_by_inspector ON organisation (node_id, inspector_node_id, kind)`);

    await q.query(`
      CREATE TABLE inspection_round (
        node_id                varchar(6) NOT NULL,
        id                     uuid NOT NULL,
        owner_node_id          varchar(6) NOT NULL,
        revision               int NOT NULL,
        year                   smallint NOT NULL,
        ordinal                smallint NOT NULL,
        title                  varchar(200) NOT NULL,
        kind                   varchar(16) NOT NULL CHECK (kind IN ('regular', 'special', 'mobile', 'look_back')),
        mode                   varchar(16) NOT NULL CHECK (mode IN ('own', 'elevated', 'cross', 'city_county')),
        state                  varchar(16) NOT NULL CHECK (state IN ('planned', 'stationed', 'report_heard', 'feedback_given', 'handed_over')),
        planned_station_on     date NOT NULL,
        planned_station_end_on date NOT NULL,
        planned_feedback_on    date NOT NULL,
        stationed_on           date,
        station_ended_on       date,
        report_heard_on        date,
        handed_over_on         date,
        look_back_of_round_id  uuid,
        plan_filing_id         uuid,
        arrangement_filing_id  uuid,
        created_at             timestamptz NOT NULL,
        updated_at             timestamptz NOT NULL,
        PRIMARY KEY (node_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX inspection_round_ordinal ON inspection_round (node_id, owner_node_id, year, ordinal)`);
    await q.query(`CREATE INDEX inspection_round_recent ON inspection_round (node_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE inspection_team (
        node_id      varchar(6) NOT NULL,
        id           uuid NOT NULL,
        round_id     uuid NOT NULL,
        name         varchar(100) NOT NULL,
        leader       varchar(100) NOT NULL,
        members      text[] NOT NULL,
        from_node_id varchar(6) NOT NULL,
        position     smallint NOT NULL,
        PRIMARY KEY (node_id, id)
      )`);
    await q.query(`CREATE INDEX inspection_team_round ON inspection_team (node_id, round_id)`);
    await q.query(`
      CREATE TABLE inspection_round_target (
        node_id              varchar(6) NOT NULL,
        round_id             uuid NOT NULL,
        organisation_id      uuid NOT NULL,
        name                 varchar(200) NOT NULL,
        kind                 varchar(32) NOT NULL,
        inspector_node_id    varchar(6) NOT NULL,
        region_node_id       varchar(6),
        team_id              uuid,
        feedback_received_on date,
        feedback_summary     text,
        rectification_id     uuid,
        PRIMARY KEY (node_id, round_id, organisation_id)
      )`);
    await q.query(`CREATE INDEX inspection_round_target_org ON inspection_round_target (node_id, organisation_id)`);
    await q.query(`CREATE INDEX inspection_round_target_inspector ON inspection_round_target (node_id, inspector_node_id)`);
    await q.query(`
      CREATE TABLE inspection_round_event (
        node_id      varchar(6) NOT NULL,
        round_id     uuid NOT NULL,
        seq          int NOT NULL,
        act          varchar(32) NOT NULL,
        state_from   varchar(16),
        state_to     varchar(16) NOT NULL,
        happened_on  date NOT NULL,
        recorded_at  timestamptz NOT NULL,
        actor        varchar(200) NOT NULL,
        PRIMARY KEY (node_id, round_id, seq)
      )`);
    await q.query(`
      CREATE TABLE inspection_round_revisit (
        node_id          varchar(6) NOT NULL,
        round_id         uuid NOT NULL,
        rectification_id uuid NOT NULL,
        organisation_id  uuid NOT NULL,
        PRIMARY KEY (node_id, round_id, rectification_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['inspection_round_revisit', 'inspection_round_event', 'inspection_round_target', 'inspection_team', 'inspection_round', 'organisation']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
