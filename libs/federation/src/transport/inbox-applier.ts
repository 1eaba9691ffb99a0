import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseConfig, FederationConfig } from '../config/host-config';
import { InvalidPayloadError } from '../handlers/message-handler';
import { ApplyScheduler, RunResult } from './apply-scheduler';
import { DeadLetterService } from './dead-letter.service';
import { GapMonitor } from './gap-monitor';
import { LocalDeliveries } from './local-deliveries';
import { MessageApplication } from './message-application';
import { ReadyMessages, ReadyRun } from './ready-messages';
import { RelayService } from './relay.service';
import { Status, Stored } from './stored-message';
import { RejectReason } from './transport.types';

/** Nodes taken into one run: the counties of several cities, say, each with its one new task. */
const NODES_PER_RUN = 128;
const SWEEP_MS = 2_000;

/**
 * Second half of receiving: applies stored messages of each (receiver, sender) channel strictly in
 * sequence order. A message whose predecessor has not arrived waits (so a cancel never overtakes
 * its issue); a gap that lasts is reported to the sender by the GapMonitor.
 *
 * A run is one transaction holding the next consecutive messages of its nodes' channels. Each is
 * first checked against its type's contract (a payload that breaks it is dead-lettered and its
 * channel moves on); the valid ones go to their handlers by type, several at once. Should a run
 * fail, its nodes are applied next in isolation, one message per transaction: a message whose
 * handler refuses it is dead-lettered at once, one whose handler fails is tried again later with
 * backoff and dead-lettered after a bounded number of attempts — and meanwhile the node's other
 * channels move on. Replaying the dead letter applies it after the cause is fixed.
 */
@Injectable()
export class InboxApplier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxApplier.name);
  private sweeper?: NodeJS.Timeout;
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private readonly scheduler: ApplyScheduler;
  private readonly readyMessages = new ReadyMessages();

  constructor(
    private readonly dataSource: DataSource,
    private readonly application: MessageApplication,
    private readonly relay: RelayService,
    private readonly deadLetters: DeadLetterService,
    private readonly gaps: GapMonitor,
    private readonly local: LocalDeliveries,
    private readonly config: FederationConfig,
    database: DatabaseConfig,
  ) {
    this.scheduler = new ApplyScheduler((nodes, isolated) => (isolated ? this.isolatedRun(nodes[0]) : this.run(nodes)), {
      // Runs share the connection pool with storing deliveries, the relay and acknowledgements; a
      // host serving a thousand nodes would otherwise queue those behind its runs, acknowledge
      // late and be sent everything again.
      concurrency: Math.max(2, Math.floor(database.poolSize / 2)),
      nodesPerRun: NODES_PER_RUN,
      onError: (nodes, error) => this.logger.warn(`applying messages to ${nodes.length === 1 ? nodes[0] : `${nodes.length} nodes`} failed, will retry: ${error.message}`),
    });
  }

  onApplicationBootstrap(): void {
    this.local.onCommitted((nodes) => {
      for (const node of nodes) this.kick(node);
    });
    // Whatever was stored but not applied before a stop or crash, and anything a kick missed.
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    void this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    await this.scheduler.stop();
  }

  /** Applies what is ready for `node` on every channel into it, in a run soon. */
  kick(node: string): void {
    if (!this.stopped) this.scheduler.kick(node);
  }

  /** Applies what is ready for a node and resolves when done (operator replay waits for the outcome). */
  applyNow(node: string): Promise<void> {
    return this.scheduler.settle(node);
  }

  /**
   * Applies a message that was dead-lettered after it was stored (its contract broken, its handler
   * refusing or failing), now, out of its channel's order: the operator's replay once the cause is
   * fixed. Throws what the handler throws; nothing is applied then.
   */
  async reapply(messageId: string): Promise<Status | null> {
    let written = 0;
    const status = await this.dataSource.transaction(async (manager) => {
      const [row]: Array<Stored & { status: string }> = await manager.query(
        `SELECT envelope, defect, raw, attempts, status FROM federation_inbox WHERE message_id = $1 FOR UPDATE`,
        [messageId],
      );
      if (!row || row.status !== 'rejected') return null;
      const outcome = await this.application.apply(manager, [row], false);
      written = outcome.written;
      if (outcome.statuses[0] === 'rejected') throw new InvalidPayloadError(outcome.refusals[0] ?? 'refused again');
      return outcome.statuses[0];
    });
    return status;
  }

  private async sweep(): Promise<void> {
    try {
      const nodes: Array<{ node_id: string }> = await this.dataSource.query(
        `SELECT DISTINCT node_id FROM federation_inbox WHERE status = 'held' AND (retry_at IS NULL OR retry_at <= now())`,
      );
      for (const { node_id } of nodes) this.kick(node_id);
    } catch (error) {
      this.logger.warn(`inbox sweep failed: ${(error as Error).message}`);
    }
  }

  /**
   * One transaction: the next consecutive messages of each channel into the nodes, up to BATCH in
   * all. Channels are independent, so taking several at once changes no order; it lets the reports
   * of a node's many children — each on its own channel, often one message each — share one
   * transaction and one roll-up refresh, and a city's counties take their tasks together, instead
   * of each paying for a transaction.
   */
  private async run(nodes: string[]): Promise<RunResult> {
    let written = 0;
    const result = await this.dataSource.transaction(async (manager) => {
      const ready = await this.readyMessages.take(manager, nodes);
      if (ready.run.length > 0) written = (await this.application.apply(manager, ready.run, true)).written;
      return ready;
    });
    this.afterRun(result);
    return { more: result.more, isolate: result.retrying };
  }

  /**
   * A node whose run failed, or whose next message on a channel failed before: its ready messages
   * one transaction each, so that a failure is the failing message's alone. A failed channel waits
   * for its retry; the node's other channels go on.
   */
  private async isolatedRun(node: string): Promise<RunResult> {
    const ready = await this.dataSource.transaction((manager) => this.readyMessages.take(manager, [node], true));
    const failed = new Set<string>();
    let written = 0;
    for (const row of ready.run) {
      const channel = `${row.envelope.to}<${row.envelope.from}`;
      if (failed.has(channel) || this.stopped) continue;
      try {
        written += await this.dataSource.transaction(async (manager) => (await this.application.apply(manager, [row], true)).written);
      } catch (error) {
        failed.add(channel);
        await this.recordFailure(row, error as Error);
      }
    }
    this.afterRun(ready);
    return { more: failed.size > 0 || ready.more.size > 0 ? new Set([node]) : new Set() };
  }

  private afterRun(ready: ReadyRun): void {
    for (const { node, peer } of ready.stalled) this.gaps.noteGap(node, peer);
    for (const [node, waitMs] of ready.waits) this.retryLater(node, waitMs);
  }

  /** Kicks `node` once a message's backoff has passed (the sweep would, later). */
  private retryLater(node: string, waitMs: number): void {
    if (this.retryTimers.has(node) || this.stopped) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(node);
      this.kick(node);
    }, waitMs + 5);
    timer.unref();
    this.retryTimers.set(node, timer);
  }

  /** A failure of one message applied alone: refused for good, or counted and retried with backoff until the attempts run out. */
  private async recordFailure(row: Stored, error: Error): Promise<void> {
    const { envelope } = row;
    const refused = error instanceof InvalidPayloadError;
    await this.dataSource.transaction(async (manager) => {
      // An UPDATE answers [rows, count] through TypeORM.
      const [[{ attempts }]]: [Array<{ attempts: number }>, number] = await manager.query(
        `UPDATE federation_inbox SET attempts = attempts + 1, last_error = $2,
                retry_at = now() + make_interval(secs => LEAST($3::float8 * power(2, attempts), $4::float8) / 1000)
         WHERE message_id = $1 RETURNING attempts`,
        [envelope.messageId, error.message.slice(0, 2_000), this.config.applyRetryMs, this.config.maxBackoffMs],
      );
      if (!refused && attempts < this.config.applyAttempts) {
        this.logger.warn({ messageId: envelope.messageId, type: envelope.type, node: envelope.to, attempts }, `applying a message failed, will retry: ${error.message}`);
        return;
      }
      const detail = refused ? error.message : `gave up after ${attempts} attempts: ${error.message}`;
      await this.deadLetters.recordRefused(manager, envelope, refused ? error.reason : RejectReason.HandlerFailed, detail, row.raw);
      await this.application.markApplied(manager, [row], ['rejected'], true);
    });
  }

}

