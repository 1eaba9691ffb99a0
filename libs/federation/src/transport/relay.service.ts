import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FederationConfig } from '../config/host-config';
import { Envelope } from '../envelope/envelope';
import { Episodes } from '../observability/episodes';
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

/** An outbox row on its way to the receiving host's inbox queue. */
export interface Outbound {
  messageId: string;
  toHost: string;
  envelope: Envelope;
  bytes: number;
  /** Times published before (0 for a message just committed). */
  attempts?: number;
}

/** A host's rows in publishing order, cut into jobs of at most ENVELOPES_PER_JOB and JOB_BYTES. */
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
 * Publishes outbox rows to the receiving host's inbox queue. What a transaction sends is published
 * the moment it commits (`publishCommitted`): messages committed while a publish is under way go out
 * together right after it, so a batch forms only while work is waiting. PostgreSQL, not Redis, holds
 * what is still owed: every row is due again after the acknowledgement timeout (with exponential
 * backoff), and a scan on a timer publishes whatever is due — a message whose first publish never
 * happened (a crash between commit and publish), or that no acknowledgement answered (the receiver
 * down, Redis flushed). Only the receiver's acknowledgement of each message ends its retries.
 */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RelayService.name);
  private readonly episodes = new Episodes(this.logger);
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private scanAgain = false;
  private committed: Outbound[] = [];
  private publishing?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueConnections,
    private readonly config: FederationConfig,
    private readonly metrics: FederationMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.relayIntervalMs);
    void this.announceBacklog();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all([this.scanning, this.publishing]);
  }

  /** Messages a transaction just committed: published now, together with any committed meanwhile. */
  publishCommitted(messages: readonly Outbound[]): void {
    if (this.stopped) return;
    for (const message of messages) this.committed.push(message);
    this.publishing ??= this.drainCommitted();
  }

  private async drainCommitted(): Promise<void> {
    try {
      while (this.committed.length > 0 && !this.stopped) {
        const batch = this.committed;
        this.committed = [];
        // A failure leaves the rows to the scan, due after the acknowledgement timeout.
        await this.publish(batch).catch(() => undefined);
      }
    } finally {
      this.publishing = undefined;
      if (this.committed.length > 0 && !this.stopped) this.publishing = this.drainCommitted();
    }
  }

  /** Scans for due rows now; calls made while a scan runs fold into one more scan. */
  kick(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.scanAgain = true;
      return;
    }
    this.scanning = this.scan().finally(() => (this.scanning = undefined));
  }

  private async scan(): Promise<void> {
    do {
      this.scanAgain = false;
      try {
        while (!this.stopped && (await this.publishDue()) === BATCH);
      } catch (error) {
        this.logger.debug(`relay scan failed, will retry: ${(error as Error).message}`);
        return;
      }
    } while (this.scanAgain && !this.stopped);
  }

  private async publishDue(): Promise<number> {
    const rows: Array<{ message_id: string; to_host: string; attempts: number; envelope: Envelope; bytes: number }> = await this.dataSource.query(
      `SELECT message_id, to_host, attempts, envelope, pg_column_size(envelope) AS bytes FROM federation_outbox
       WHERE acked_at IS NULL AND next_attempt_at <= now()
       ORDER BY next_attempt_at, position LIMIT ${BATCH}`,
    );
    if (rows.length === 0) return 0;
    const again = rows.filter((row) => row.attempts > 0);
    for (const [host, count] of countBy(again, (row) => row.to_host)) {
      this.episodes.begin(`peer:${host}`, count, () => `host ${host} has not acknowledged ${count} message(s) in time (down, or Redis lost them): publishing them again, with backoff`);
    }
    await this.publish(rows.map((row) => ({ messageId: row.message_id, toHost: row.to_host, envelope: row.envelope, bytes: row.bytes, attempts: row.attempts })));
    return rows.length;
  }

  /**
   * Publishes rows to their hosts' inbox queues, a host's rows in jobs of up to ENVELOPES_PER_JOB
   * (the same rows again while their job still waits are that job), then records the attempt and
   * when the next is due. Throws if any could not be published (they stay due).
   */
  private async publish(rows: readonly Outbound[]): Promise<void> {
    const byHost = new Map<string, Outbound[]>();
    for (const row of rows) {
      const list = byHost.get(row.toHost);
      if (list) list.push(row);
      else byHost.set(row.toHost, [row]);
    }
    const published: string[] = [];
    let failure: Error | undefined;
    await Promise.all(
      [...byHost].map(async ([hostId, hostRows]) => {
        try {
          await this.queues.inbox(hostId).addBulk(
            jobsOf(hostRows).map((chunk) => ({
              name: JobName.Envelopes,
              data: { envelopes: chunk.map((row) => row.envelope) } satisfies EnvelopeBatch,
              // Published again while still waiting, the same batch is the same job.
              opts: { jobId: `${chunk[0].messageId}_${chunk.length}_${chunk.at(-1)!.messageId}`, removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 500 } },
            })),
          );
          published.push(...hostRows.map((row) => row.messageId));
        } catch (error) {
          failure = error as Error;
        }
      }),
    );
    const publishedAt = new Date();
    if (published.length > 0) {
      this.episodes.end('redis', (seconds, count) => `Redis answers again after ${seconds} s: publishing what waited (${count} message(s) could not be published meanwhile)`);
      this.metrics.published.inc(published.length);
      const done = new Set(published);
      this.metrics.redelivered.inc(rows.filter((row) => (row.attempts ?? 0) > 0 && done.has(row.messageId)).length);
      await this.bookkeeping(
        `UPDATE federation_outbox
         SET attempts = attempts + 1, last_published_at = $4,
             next_attempt_at = $4::timestamptz + make_interval(secs => LEAST($2::float8 * power(2, attempts), $3::float8) / 1000)
         WHERE message_id IN (${LOCK_IN_ORDER('message_id = ANY($1::uuid[]) AND acked_at IS NULL')})`,
        [published, this.config.ackTimeoutMs, this.config.maxBackoffMs, publishedAt],
      );
    }
    if (failure) {
      const unpublished = rows.length - published.length;
      this.episodes.begin('redis', unpublished, () => `cannot publish to Redis (${failure!.message}): ${unpublished} message(s) wait in the outbox and are published again once it answers`);
      throw failure;
    }
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
  async acknowledge(acks: ReadonlyArray<{ from: string; to: string; messageIds: string[] }>, fromHost?: string): Promise<number> {
    const ids = acks.flatMap((ack) => ack.messageIds);
    const senders = acks.flatMap((ack) => ack.messageIds.map(() => ack.to));
    const receivers = acks.flatMap((ack) => ack.messageIds.map(() => ack.from));
    const result = (await this.bookkeeping(
      `UPDATE federation_outbox SET acked_at = now()
       WHERE message_id IN (${LOCK_IN_ORDER('(message_id, from_node, to_node) IN (SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[])) AND acked_at IS NULL')})`,
      [ids, senders, receivers],
    )) as [unknown[], number];
    if (fromHost) {
      this.episodes.end(`peer:${fromHost}`, (seconds, count) => `host ${fromHost} acknowledges again after ${seconds} s: the ${count} message(s) published again reached it`);
    }
    return result[1];
  }

  /** At start: what was committed before the stop and is still owed, said once. */
  private async announceBacklog(): Promise<void> {
    try {
      const rows: Array<{ to_host: string; n: number }> = await this.dataSource.query(
        `SELECT to_host, count(*)::int AS n FROM federation_outbox WHERE acked_at IS NULL GROUP BY to_host ORDER BY to_host`,
      );
      if (rows.length > 0) this.logger.log(`catching up: ${rows.map((row) => `${row.n} message(s) for host ${row.to_host}`).join(', ')} not yet acknowledged; publishing them as they fall due`);
    } catch {
      // The scan says more if PostgreSQL is away.
    }
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

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}
