import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * User accounts of the nodes a host serves, and logins in the audit log (a login, and an account
 * locked by repeated wrong passwords, are new actions and outcomes of the chain).
 */
export class Accounts1796615954521 implements MigrationInterface {
  name = 'Accounts1796615954521';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account (
        id              uuid PRIMARY KEY,
        node_id         varchar(6) NOT NULL,
        username        varchar(64) NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{2,63}$'),
        display_name    varchar(100) NOT NULL,
        roles           text[] NOT NULL CHECK (cardinality(roles) > 0),
        password_hash   text NOT NULL,
        disabled        boolean NOT NULL DEFAULT false,
        failed_attempts int NOT NULL DEFAULT 0,
        locked_until    timestamptz,
        last_login_at   timestamptz,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX account_username ON account (username)`);
    await q.query(`CREATE INDEX account_node ON account (node_id, username)`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('mutation', 'confidential_read', 'denial', 'login'))`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_outcome_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_outcome_check CHECK (outcome IN ('attempt', 'ok', 'failed', 'denied', 'locked'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Login rows stay in the chain (removing them would break it): the narrower checks apply to new rows only.
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_outcome_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_outcome_check CHECK (outcome IN ('attempt', 'ok', 'failed', 'denied')) NOT VALID`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('mutation', 'confidential_read', 'denial')) NOT VALID`);
    await q.query(`DROP TABLE IF EXISTS account`);
  }
}
