import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FederationConfig } from '../config/host-config';
import { Envelope } from '../envelope/envelope';
import { FederationMetrics } from './federation-metrics';
import { QueueConnections } from './queue-connections';
import { EnvelopeBatch, JobName } from './transport.types';

const BATCH = 500;
/**
 * Envelopes per queue job. A job costs BullMQ a few Lua scripts on each side whatever it carries;
 * a province's round to a local host holds its hundred cities' tasks, and its host a province's
 * reports by the dozen.
 */
const ENVELOPES_PER_JOB = 100;
/** And at most this many bytes of them (as PostgreSQL stores them), one envelope however large. */
const JOB_BYTES = 1024 * 1024;

/**
 * Publishing, acknowledgements and resend requests update overlapping sets of outbox rows
 * concurrently; taking the row locks in one order (by id) keeps them from deadlocking.
 */
const LOCK_IN_ORDER = (where: string) => `SELECT message_id FROM federation_outbox WHERE ${where} ORDER BY message_id FOR UPDATE`;

interface DueRow {
  message_id: string;
  to_host: string;
  attempts: number;
  envelope: Envelope;
  bytes: number;
}

/** A host's due rows in publishing order, cut into jobs of at most ENVELOPES_PER_JOB and JOB_BYTES. */
export function jobsOf<R extends { bytes: number }>(rows: readonly R[]): R[][] {
  const jobs: R[][] = [];
  let bytes = 0;
  for (const row of rows) {
    const last = jobs.at(-1);
    if (!last || last.length >= ENVELOPES_PER_JOB || bytes + row.bytes > JOB_BYTES) {
      jobs.push([row]);
      bytes = row.bytes;
    } else {
      last.push(row);
      bytes += row.bytes;
    }
  }
  return jobs;
}

/**
 * Publishes due outbox rows to the receiving host's inbox queue, a round's rows for one host in
 * jobs of up to ENVELOPES_PER_JOB (the same rows again while their job still waits are that job),
 * and schedules the next attempt with exponential backoff; only the receiver's acknowledgement
 * of each message ends its retries. PostgreSQL, not Redis, holds what is still owed: after Redis
 * loses everything the next round simply publishes again.
 */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RelayService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueConnections,
    private readonly config: FederationConfig,
    private readonly metrics: FederationMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.relayIntervalMs);
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes what is due now; calls made while a round runs fold into one more round. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        while (!this.stopped && (await this.publishDue()) === BATCH);
      } catch (error) {
        this.logger.warn(`relay round failed, will retry: ${(error as Error).message}`);
        return;
      }
    } while (this.again && !this.stopped);
  }

  private async publishDue(): Promise<number> {
    const rows: DueRow[] = await this.dataSource.query(
      `SELECT message_id, to_host, attempts, envelope, pg_column_size(envelope) AS bytes FROM federation_outbox
       WHERE acked_at IS NULL AND next_attempt_at <= now()
       ORDER BY next_attempt_at, position LIMIT ${BATCH}`,
    );
    if (rows.length === 0) return 0;
    const byHost = new Map<string, DueRow[]>();
    for (const row of rows) {
      const list = byHost.get(row.to_host);
      if (list) list.push(row);
      else byHost.set(row.to_host, [row]);
    }
    const published: string[] = [];
    await Promise.all(
      [...byHost].map(async ([hostId, hostRows]) => {
        try {
          await this.queues.inbox(hostId).addBulk(
            jobsOf(hostRows).map((chunk) => ({
              name: JobName.Envelopes,
              data: { envelopes: chunk.map((row) => row.envelope) } satisfies EnvelopeBatch,
              // Published again while still waiting, the same batch is the same job.
              opts: { jobId: `${chunk[0].message_id}_${chunk.length}_${chunk.at(-1)!.message_id}`, removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 500 } },
            })),
          );
          published.push(...hostRows.map((row) => row.message_id));
        } catch (error) {
          this.logger.warn(`cannot publish ${hostRows.length} message(s) to host ${hostId}: ${(error as Error).message}`);
        }
      }),
    );
    if (published.length > 0) {
      await this.bookkeeping(
        `UPDATE federation_outbox
         SET attempts = attempts + 1, last_published_at = now(),
             next_attempt_at = now() + make_interval(secs => LEAST($2::float8 * power(2, attempts), $3::float8) / 1000)
         WHERE message_id IN (${LOCK_IN_ORDER('message_id = ANY($1::uuid[])')})`,
        [published, this.config.ackTimeoutMs, this.config.maxBackoffMs],
      );
      this.metrics.published.inc(published.length);
      const done = new Set(published);
      this.metrics.redelivered.inc(rows.filter((row) => row.attempts > 0 && done.has(row.message_id)).length);
    }
    if (published.length < rows.length) throw new Error(`${rows.length - published.length} message(s) not published`);
    return rows.length;
  }

  /** Sender side of a gap report: publish again, now, everything on the channel after `afterSeq`. */
  async republishAfter(from: string, to: string, afterSeq: number): Promise<void> {
    await this.bookkeeping(
      `UPDATE federation_outbox SET next_attempt_at = now()
       WHERE message_id IN (${LOCK_IN_ORDER('from_node = $1 AND to_node = $2 AND channel_seq > $3 AND acked_at IS NULL')})`,
      [from, to, afterSeq],
    );
    this.kick();
  }

  /** Marks acknowledged what each receiver (`ack.from`) says it stored of what this host's `ack.to` sent it. */
  async acknowledge(acks: ReadonlyArray<{ from: string; to: string; messageIds: string[] }>): Promise<number> {
    const ids = acks.flatMap((ack) => ack.messageIds);
    const senders = acks.flatMap((ack) => ack.messageIds.map(() => ack.to));
    const receivers = acks.flatMap((ack) => ack.messageIds.map(() => ack.from));
    const result = (await this.bookkeeping(
      `UPDATE federation_outbox SET acked_at = now()
       WHERE message_id IN (${LOCK_IN_ORDER('(message_id, from_node, to_node) IN (SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[])) AND acked_at IS NULL')})`,
      [ids, senders, receivers],
    )) as [unknown[], number];
    return result[1];
  }

  /**
   * An update of the relay's own bookkeeping (attempts, next attempt, acknowledged), committed
   * without waiting for the WAL flush: if PostgreSQL crashed and lost it, the rows would only be
   * published again, which the receiver's inbox recognises as duplicates. Messages themselves,
   * and everything applied, are always committed durably.
   */
  private bookkeeping(sql: string, params: unknown[]): Promise<unknown> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL synchronous_commit TO OFF`);
      return manager.query(sql, params);
    });
  }
}
