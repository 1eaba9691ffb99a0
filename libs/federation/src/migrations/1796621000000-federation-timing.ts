import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a hop's time goes: an inbox row now says when its delivery was taken off the queue
 * (`received_at`, written by the worker) apart from when it was stored (`stored_at`), and an outbox
 * row when it was last published and acknowledged, so the stages of a hop can be read from the two
 * databases (bench:transport prints them).
 */
export class FederationTiming1796621000000 implements MigrationInterface {
  name = 'FederationTiming1796621000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE federation_inbox ADD COLUMN stored_at timestamptz NOT NULL DEFAULT clock_timestamp()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE federation_inbox DROP COLUMN stored_at`);
  }
}
