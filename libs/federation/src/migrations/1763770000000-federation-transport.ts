import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox, inbox, per-channel sequence counters, dead letters and the operator's probe record. */
export class FederationTransport1763770000000 implements MigrationInterface {
  name = 'FederationTransport1763770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE federation_outbox (
        message_id        uuid PRIMARY KEY,
        position          bigserial NOT NULL,
        from_node         varchar(6) NOT NULL,
        to_node           varchar(6) NOT NULL,
        to_host           varchar(63) NOT NULL,
        origin            varchar(6) NOT NULL,
        destination       varchar(6) NOT NULL,
        type              varchar(64) NOT NULL,
        channel_seq       bigint NOT NULL,
        envelope          jsonb NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        attempts          integer NOT NULL DEFAULT 0,
        next_attempt_at   timestamptz NOT NULL DEFAULT now(),
        last_published_at timestamptz,
        acked_at          timestamptz,
        CONSTRAINT federation_outbox_channel_seq UNIQUE (from_node, to_node, channel_seq)
      )`);
    await q.query(`CREATE INDEX federation_outbox_due ON federation_outbox (next_attempt_at, position) WHERE acked_at IS NULL`);
    await q.query(`
      CREATE TABLE federation_channel_out (
        node_id  varchar(6) NOT NULL,
        peer_id  varchar(6) NOT NULL,
        last_seq bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (node_id, peer_id)
      )`);
    await q.query(`
      CREATE TABLE federation_channel_in (
        node_id          varchar(6) NOT NULL,
        peer_id          varchar(6) NOT NULL,
        last_applied_seq bigint NOT NULL DEFAULT 0,
        last_applied_at  timestamptz,
        PRIMARY KEY (node_id, peer_id)
      )`);
    await q.query(`
      CREATE TABLE federation_inbox (
        message_id  uuid PRIMARY KEY,
        node_id     varchar(6) NOT NULL,
        from_node   varchar(6) NOT NULL,
        origin      varchar(6) NOT NULL,
        destination varchar(6) NOT NULL,
        type        varchar(64) NOT NULL,
        channel_seq bigint NOT NULL,
        status      varchar(16) NOT NULL CHECK (status IN ('held', 'applied', 'relayed', 'rejected')),
        envelope    jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        applied_at  timestamptz,
        CONSTRAINT federation_inbox_channel_seq UNIQUE (node_id, from_node, channel_seq)
      )`);
    await q.query(`CREATE INDEX federation_inbox_held ON federation_inbox (node_id, from_node, channel_seq) WHERE status = 'held'`);
    await q.query(`CREATE INDEX federation_inbox_correlation ON federation_inbox ((envelope->>'correlationId'))`);
    await q.query(`
      CREATE TABLE federation_dead_letter (
        id             bigserial PRIMARY KEY,
        message_id     text,
        node_id        text,
        from_node      text,
        type           text,
        reason         varchar(32) NOT NULL,
        detail         text NOT NULL,
        raw            jsonb NOT NULL,
        occurrences    integer NOT NULL DEFAULT 1,
        first_seen_at  timestamptz NOT NULL DEFAULT now(),
        last_seen_at   timestamptz NOT NULL DEFAULT now(),
        replayed_at    timestamptz,
        replay_outcome text
      )`);
    await q.query(`CREATE UNIQUE INDEX federation_dead_letter_message_reason ON federation_dead_letter (message_id, reason) WHERE message_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE federation_probe (
        message_id  uuid PRIMARY KEY,
        node_id     varchar(6) NOT NULL,
        origin      varchar(6) NOT NULL,
        label       text NOT NULL,
        body_bytes  integer NOT NULL DEFAULT 0,
        channel_seq bigint NOT NULL,
        sent_at     timestamptz NOT NULL,
        -- clock_timestamp, not now(): the moment of apply, not the start of its transaction (hop latency).
        applied_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX federation_probe_node ON federation_probe (node_id, applied_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['federation_probe', 'federation_dead_letter', 'federation_inbox', 'federation_channel_in', 'federation_channel_out', 'federation_outbox']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
