import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DatabaseConfig, FederationConfig } from '../config/host-config';
import { Envelope } from '../envelope/envelope';
import { HandlerRegistry } from '../handlers/handler-registry';
import { DeliveryContext, InvalidPayloadError } from '../handlers/message-handler';
import { contractOf } from '../messages/catalog';
import { inHopSpans } from '../observability/tracing';
import { ApplyScheduler, RunResult } from './apply-scheduler';
import { DeadLetterService } from './dead-letter.service';
import { FederationMetrics } from './federation-metrics';
import { GapMonitor } from './gap-monitor';
import { HostContext } from './host-context';
import { LocalDeliveries } from './local-deliveries';
import { OutboxService } from './outbox.service';
import { RelayService } from './relay.service';
import { RejectReason } from './transport.types';
import { UnitEffects } from './unit-effects';

const BATCH = 400;
/**
 * Channels taken into one run, and the fewest messages read ahead on each: a run of cities takes
 * every county's receipt waiting for them (about ten channels each), so that each city reports up
 * once for all of them.
 */
const MAX_CHANNELS = 256;
const MIN_PER_CHANNEL = 2;
/** Nodes taken into one run: the counties of several cities, say, each with its one new task. */
const NODES_PER_RUN = 128;
const SWEEP_MS = 2_000;

/** An inbox row ready to apply. */
interface Stored {
  envelope: Envelope;
  /** Why it can never apply (text PostgreSQL refused at receipt), if so. */
  defect: string | null;
  raw: string | null;
  attempts: number;
}

type Status = 'applied' | 'relayed' | 'rejected';

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

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: HandlerRegistry,
    private readonly outbox: OutboxService,
    private readonly relay: RelayService,
    private readonly deadLetters: DeadLetterService,
    private readonly gaps: GapMonitor,
    private readonly host: HostContext,
    private readonly metrics: FederationMetrics,
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
      const outcome = await this.applyMessages(manager, [row], false);
      written = outcome.written;
      if (outcome.statuses[0] === 'rejected') throw new InvalidPayloadError(outcome.refusals[0] ?? 'refused again');
      return outcome.statuses[0];
    });
    if (written > 0) this.relay.kick();
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
      const ready = await this.ready(manager, nodes);
      if (ready.run.length > 0) written = (await this.applyMessages(manager, ready.run, true)).written;
      return ready;
    });
    if (written > 0) this.relay.kick();
    this.afterRun(result);
    return { more: result.more, isolate: result.retrying };
  }

  /**
   * A node whose run failed, or whose next message on a channel failed before: its ready messages
   * one transaction each, so that a failure is the failing message's alone. A failed channel waits
   * for its retry; the node's other channels go on.
   */
  private async isolatedRun(node: string): Promise<RunResult> {
    const ready = await this.dataSource.transaction((manager) => this.ready(manager, [node], true));
    const failed = new Set<string>();
    let written = 0;
    for (const row of ready.run) {
      const channel = `${row.envelope.to}<${row.envelope.from}`;
      if (failed.has(channel) || this.stopped) continue;
      try {
        written += await this.dataSource.transaction(async (manager) => (await this.applyMessages(manager, [row], true)).written);
      } catch (error) {
        failed.add(channel);
        await this.recordFailure(row, error as Error);
      }
    }
    if (written > 0) this.relay.kick();
    this.afterRun(ready);
    return { more: failed.size > 0 || ready.more.size > 0 ? new Set([node]) : new Set() };
  }

  /**
   * The next consecutive held messages of each channel into `nodes` (their channel rows locked for
   * the transaction), up to BATCH. A channel whose next message waits for a retry is skipped — or,
   * with `retries`, taken, that message first; otherwise it is left to an isolated run.
   */
  private async ready(manager: EntityManager, nodes: string[], retries = false): Promise<ReadyRun> {
    // The channels with held messages, their rows locked for the transaction (only runs holding
    // their node lock them, one at a time), and each one's held messages after its last applied
    // one, in one round trip. Rows stored meanwhile are simply left for the next run.
    const found: Array<{ node_id: string; peer_id: string; last_applied_seq: string; envelope: Envelope | null; defect: string | null; raw: string | null; attempts: number; wait_ms: number | null }> =
      await manager.query(
        `WITH peers AS (
           SELECT DISTINCT node_id, from_node FROM federation_inbox WHERE node_id = ANY($1::varchar[]) AND status = 'held'
           ORDER BY node_id, from_node LIMIT ${MAX_CHANNELS}),
         channel AS (
           INSERT INTO federation_channel_in (node_id, peer_id) SELECT node_id, from_node FROM peers ORDER BY node_id, from_node
           ON CONFLICT (node_id, peer_id) DO UPDATE SET node_id = EXCLUDED.node_id
           RETURNING node_id, peer_id, last_applied_seq)
         SELECT channel.node_id, channel.peer_id, channel.last_applied_seq, held.envelope, held.defect, held.raw, held.attempts, held.wait_ms FROM channel
         LEFT JOIN LATERAL (
           SELECT envelope, defect, raw, attempts, channel_seq,
                  CASE WHEN retry_at > now() THEN ceil(extract(epoch FROM retry_at - now()) * 1000)::int END AS wait_ms
           FROM federation_inbox
           WHERE node_id = channel.node_id AND from_node = channel.peer_id AND status = 'held' AND channel_seq > channel.last_applied_seq
           ORDER BY channel_seq LIMIT GREATEST(${MIN_PER_CHANNEL}, ${BATCH} / (SELECT count(*) FROM peers))) held ON true
         ORDER BY channel.node_id, channel.peer_id, held.channel_seq`,
        [nodes],
      );
    const ready: ReadyRun = { run: [], stalled: [], more: new Set(), retrying: new Set(), waits: new Map() };
    const rowsOf = new Map<string, number>();
    const taken = new Map<string, string>();
    let previous: string | null = null;
    let next = 0;
    let skip = false;
    for (const row of found) {
      const channel = `${row.node_id}<${row.peer_id}`;
      if (row.envelope) rowsOf.set(channel, (rowsOf.get(channel) ?? 0) + 1);
      if (channel !== previous) {
        previous = channel;
        next = Number(row.last_applied_seq) + 1;
        skip = false;
      }
      if (!row.envelope || skip || ready.run.length >= BATCH) continue;
      if (row.envelope.seq !== next) {
        // A gap before this message (its predecessor not stored yet): the channel waits.
        ready.stalled.push({ node: row.node_id, peer: row.peer_id });
        skip = true;
        continue;
      }
      if (row.attempts > 0 && (row.wait_ms !== null || !retries)) {
        // Failed before: its turn comes after its backoff, alone, in an isolated run.
        if (row.wait_ms !== null) ready.waits.set(row.node_id, Math.min(row.wait_ms, ready.waits.get(row.node_id) ?? Infinity));
        else ready.retrying.add(row.node_id);
        skip = true;
        continue;
      }
      ready.run.push({ envelope: row.envelope, defect: row.defect, raw: row.raw, attempts: row.attempts });
      taken.set(channel, row.node_id);
      next++;
    }
    // Nodes that may have ready messages left: the run was full, or a channel gave all it was allowed.
    const channels = new Set(found.map((row) => `${row.node_id}<${row.peer_id}`)).size;
    const perChannel = Math.max(MIN_PER_CHANNEL, Math.floor(BATCH / Math.max(channels, 1)));
    if (ready.run.length >= BATCH || channels >= MAX_CHANNELS) ready.more = new Set(nodes);
    else for (const [channel, node] of taken) if (rowsOf.get(channel)! >= perChannel) ready.more.add(node);
    return ready;
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

  /**
   * Applies messages in one transaction: the one path for a run and for a single message. Each is
   * checked against its contract first; the valid ones are applied (or recorded and passed on) by
   * their handlers, those of a type together in each round; the effects they asked for at the end
   * run, what they emitted is written, and the rows and channels move on (unless `advance` is off:
   * a replay out of order). Throws what a handler throws.
   */
  private async applyMessages(manager: EntityManager, rows: readonly Stored[], advance: boolean): Promise<{ statuses: Status[]; written: number; refusals: string[] }> {
    const effects = new UnitEffects(manager, this.outbox);
    const statuses = new Map<string, Status>();
    const refusals: string[] = [];
    const valid: Array<{ envelope: Envelope; payload: unknown }> = [];
    for (const row of rows) {
      const checked = row.defect === null ? checkContract(row.envelope) : { refusal: row.defect };
      if ('payload' in checked) {
        valid.push({ envelope: row.envelope, payload: checked.payload });
        continue;
      }
      const { refusal } = checked;
      // The sender's bug must not block its channel for ever: consume the sequence, keep the evidence.
      await this.deadLetters.recordRefused(manager, row.envelope, RejectReason.InvalidPayload, refusal, row.raw);
      statuses.set(row.envelope.messageId, 'rejected');
      refusals.push(refusal);
    }
    for (const round of rounds(valid)) {
      for (const group of groupsOf(round)) {
        const kind = group[0].envelope.destination === group[0].envelope.to ? 'apply' : 'relay';
        const handler = this.handlers.get(group[0].envelope.type);
        await inHopSpans(
          group.map(({ envelope }) => envelope),
          kind,
          async (traces) => {
            const contexts = group.map(({ envelope, payload }, i): DeliveryContext => ({
              ...effects.unit({ messageId: envelope.messageId, trace: traces[i] }),
              envelope,
              payload: payload as DeliveryContext['payload'],
              node: this.host.registry.node(envelope.to),
            }));
            if (kind === 'apply') return handler.apply(contexts);
            await handler.relay?.(contexts);
            for (const [i, { envelope }] of group.entries()) {
              effects.forward({
                type: envelope.type,
                from: envelope.to,
                destination: envelope.destination,
                origin: envelope.origin,
                correlationId: envelope.correlationId,
                causationId: envelope.messageId,
                trace: traces[i],
                payload: envelope.payload,
              });
            }
          },
        );
        for (const { envelope } of group) statuses.set(envelope.messageId, kind === 'apply' ? 'applied' : 'relayed');
      }
    }
    const written = await effects.finish();
    const ordered = rows.map((row) => statuses.get(row.envelope.messageId)!);
    await this.markApplied(manager, rows, ordered, advance);
    return { statuses: ordered, written, refusals };
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
      await this.deadLetters.recordRefused(manager, envelope, refused ? RejectReason.InvalidPayload : RejectReason.HandlerFailed, detail, row.raw);
      await this.markApplied(manager, [row], ['rejected'], true);
    });
  }

  /** The rows' statuses and, when advancing, their channels' positions, in one statement. */
  private async markApplied(manager: EntityManager, rows: readonly Stored[], statuses: Status[], advance: boolean): Promise<void> {
    const last = new Map<string, { node: string; peer: string; seq: number }>();
    if (advance) for (const { envelope } of rows) last.set(`${envelope.to}<${envelope.from}`, { node: envelope.to, peer: envelope.from, seq: envelope.seq });
    const positions = [...last.values()];
    await manager.query(
      `WITH marked AS (
         UPDATE federation_inbox AS i SET status = u.status, applied_at = clock_timestamp(), retry_at = NULL
         FROM unnest($1::uuid[], $2::text[]) AS u(message_id, status) WHERE i.message_id = u.message_id)
       INSERT INTO federation_channel_in AS c (node_id, peer_id, last_applied_seq, last_applied_at)
       SELECT node_id, peer_id, seq, now() FROM unnest($3::varchar[], $4::varchar[], $5::bigint[]) AS p(node_id, peer_id, seq)
       ON CONFLICT (node_id, peer_id) DO UPDATE SET last_applied_seq = EXCLUDED.last_applied_seq, last_applied_at = EXCLUDED.last_applied_at`,
      [rows.map((row) => row.envelope.messageId), statuses, positions.map((p) => p.node), positions.map((p) => p.peer), positions.map((p) => p.seq)],
    );
    const now = Date.now();
    rows.forEach(({ envelope }, index) => {
      this.metrics.applied.inc({ type: envelope.type, outcome: statuses[index] });
      const latency = (now - Date.parse(envelope.createdAt)) / 1000;
      if (advance && latency >= 0) this.metrics.hopLatency.observe(latency);
    });
  }
}

interface ReadyRun {
  run: Stored[];
  stalled: Array<{ node: string; peer: string }>;
  /** Nodes that may have more ready than the run took. */
  more: Set<string>;
  /** Nodes whose next message on some channel failed before and may be tried again now, alone. */
  retrying: Set<string>;
  /** Nodes whose next message on some channel waits for its retry, and for how long at least (ms). */
  waits: Map<string, number>;
}

/** The payload as its type's contract reads it, or why the message breaks the contract. */
function checkContract(envelope: Envelope): { payload: unknown } | { refusal: string } {
  const contract = contractOf(envelope.type);
  if (!contract) return { refusal: `message type ${JSON.stringify(envelope.type)} is not known to this host` };
  if (envelope.schemaVersion < contract.minVersion) return { refusal: `${envelope.type} v${envelope.schemaVersion} is no longer accepted (v${contract.minVersion} and later)` };
  const checked = contract.payload.safeParse(envelope.payload);
  if (checked.success) return { payload: checked.data };
  const issues = checked.error.issues.slice(0, 5).map((issue) => `${['payload', ...issue.path].join('.')}: ${issue.message}`);
  return { refusal: `${envelope.type} v${envelope.schemaVersion} breaks its contract: ${issues.join('; ')}${checked.error.issues.length > 5 ? '; …' : ''}` };
}

/**
 * Messages by their place in their channels: the first of each channel, then the second, and so
 * on. Within a round no two come from one channel, so they may go in any order.
 */
function rounds<M extends { envelope: Envelope }>(messages: readonly M[]): M[][] {
  const result: M[][] = [];
  const depth = new Map<string, number>();
  for (const message of messages) {
    const channel = `${message.envelope.to}<${message.envelope.from}`;
    const place = depth.get(channel) ?? 0;
    depth.set(channel, place + 1);
    (result[place] ??= []).push(message);
  }
  return result;
}

/** A round's messages as their handlers take them: by type, and apart whether applied here or passed on. */
function groupsOf<M extends { envelope: Envelope }>(round: readonly M[]): M[][] {
  const groups = new Map<string, M[]>();
  for (const message of round) {
    const key = `${message.envelope.type}:${message.envelope.destination === message.envelope.to ? 'apply' : 'relay'}`;
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  return [...groups.values()];
}
