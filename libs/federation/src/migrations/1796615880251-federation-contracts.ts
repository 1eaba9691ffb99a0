import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message contracts and bounded retries: an inbox row counts failed attempts to apply it and waits
 * until `retry_at` before the next; a delivery whose bytes PostgreSQL's jsonb refuses is stored
 * with its payload left out, the reason in `defect` and the bytes as text in `raw`, so that its
 * sequence number is consumed and its dead letter keeps the evidence. Dead letters keep the raw
 * text of what arrived when jsonb cannot hold it.
 */
export class FederationContracts1796615880251 implements MigrationInterface {
  name = 'FederationContracts1796615880251';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE federation_inbox
        ADD COLUMN attempts   integer NOT NULL DEFAULT 0,
        ADD COLUMN retry_at   timestamptz,
        ADD COLUMN last_error text,
        ADD COLUMN defect     text,
        ADD COLUMN raw        text`);
    await q.query(`ALTER TABLE federation_dead_letter ALTER COLUMN raw DROP NOT NULL, ADD COLUMN raw_text text`);
    await q.query(`ALTER TABLE federation_dead_letter ADD CONSTRAINT federation_dead_letter_evidence CHECK (raw IS NOT NULL OR raw_text IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE federation_dead_letter DROP CONSTRAINT federation_dead_letter_evidence`);
    await q.query(`DELETE FROM federation_dead_letter WHERE raw IS NULL`);
    await q.query(`ALTER TABLE federation_dead_letter DROP COLUMN raw_text, ALTER COLUMN raw SET NOT NULL`);
    await q.query(`ALTER TABLE federation_inbox DROP COLUMN raw, DROP COLUMN defect, DROP COLUMN last_error, DROP COLUMN retry_at, DROP COLUMN attempts`);
  }
}
