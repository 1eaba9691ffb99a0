import { MigrationInterface, QueryRunner } from 'typeorm';

/** 全覆盖: a node's party organisations per term, and the tallies of every node below as reported up. */
export class Coverage1763802000000 implements MigrationInterface {
  name = 'Coverage1763802000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coverage_organisation (
        node_id       varchar(6) NOT NULL,
        id            uuid NOT NULL,
        term          varchar(16) NOT NULL,
        name          text NOT NULL,
        inspected_on  date,
        registered_at timestamptz NOT NULL,
        PRIMARY KEY (node_id, id),
        CONSTRAINT coverage_organisation_name UNIQUE (node_id, term, name)
      )`);
    await q.query(`
      CREATE TABLE coverage_report (
        node_id        varchar(6) NOT NULL,
        origin_node_id varchar(6) NOT NULL,
        term           varchar(16) NOT NULL,
        organisations  integer NOT NULL,
        inspected      integer NOT NULL,
        revision       bigint NOT NULL,
        reported_at    timestamptz NOT NULL,
        PRIMARY KEY (node_id, origin_node_id, term)
      )`);
    await q.query(`
      CREATE FUNCTION analytics_coverage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM analytics_bump(OLD.node_id, 'coverage', OLD.origin_node_id, OLD.term, 'organisations', -OLD.organisations);
          PERFORM analytics_bump(OLD.node_id, 'coverage', OLD.origin_node_id, OLD.term, 'inspected', -OLD.inspected);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM analytics_bump(NEW.node_id, 'coverage', NEW.origin_node_id, NEW.term, 'organisations', NEW.organisations);
          PERFORM analytics_bump(NEW.node_id, 'coverage', NEW.origin_node_id, NEW.term, 'inspected', NEW.inspected);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER analytics_coverage AFTER INSERT OR DELETE OR UPDATE ON coverage_report FOR EACH ROW EXECUTE FUNCTION analytics_coverage()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS analytics_coverage ON coverage_report`);
    await q.query(`DROP FUNCTION IF EXISTS analytics_coverage()`);
    await q.query(`DROP TABLE IF EXISTS coverage_report`);
    await q.query(`DROP TABLE IF EXISTS coverage_organisation`);
  }
}
