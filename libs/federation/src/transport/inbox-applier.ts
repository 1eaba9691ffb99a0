import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DatabaseConfig } from '../config/host-config';
import { Envelope } from '../envelope/envelope';
import { HandlerRegistry } from '../handlers/handler-registry';
import { DeliveryContext, InvalidPayloadError, RelayDecision } from '../handlers/message-handler';
import { DeadLetterService } from './dead-letter.service';
import { DeferredWork } from './deferred-work';
import { inHopSpan, tracingEnabled } from '../observability/tracing';
import { FederationMetrics } from './federation-metrics';
import { GapMonitor } from './gap-monitor';
import { ApplyScheduler } from './apply-scheduler';
import { HostContext } from './host-context';
import { LocalDeliveries } from './local-deliveries';
import { RelayService } from './relay.service';
import { OutboxService } from './outbox.service';
import { OutgoingMessage } from './transport.types';

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

type Status = 'applied' | 'relayed' | 'rejected';

/**
 * Second half of receiving: applies stored messages of each (receiver, sender) channel strictly in
 * sequence order, each run a transaction holding the next consecutive messages of its nodes'
 * channels under their channels' locks; a node is in one run at a time (ApplyScheduler). A message
 * whose predecessor has not arrived waits (so a cancel never overtakes its issue); a gap that
 * lasts is reported to the sender by the GapMonitor.
 */
@Injectable()
export class InboxApplier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxApplier.name);
  private sweeper?: NodeJS.Timeout;
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
    database: DatabaseConfig,
  ) {
    this.scheduler = new ApplyScheduler((nodes) => this.applyRun(nodes), {
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

  private async sweep(): Promise<void> {
    try {
      const nodes: Array<{ node_id: string }> = await this.dataSource.query(`SELECT DISTINCT node_id FROM federation_inbox WHERE status = 'held'`);
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
   * of each paying for a transaction. Returns the nodes that may have ready messages left (the run
   * was full, or a channel gave all it was allowed).
   */
  private async applyRun(nodes: string[]): Promise<Set<string>> {
    let sent = false;
    const result = await this.dataSource.transaction(async (manager) => {
      // The channels with held messages, their rows locked for the transaction (only runs holding
      // their node lock them, one at a time), and each one's held messages after its last applied
      // one, in one round trip. Rows stored meanwhile are simply left for the next run.
      const found: Array<{ node_id: string; peer_id: string; last_applied_seq: string; envelope: Envelope | null }> = await manager.query(
        `WITH peers AS (
           SELECT DISTINCT node_id, from_node FROM federation_inbox WHERE node_id = ANY($1::varchar[]) AND status = 'held'
           ORDER BY node_id, from_node LIMIT ${MAX_CHANNELS}),
         channel AS (
           INSERT INTO federation_channel_in (node_id, peer_id) SELECT node_id, from_node FROM peers ORDER BY node_id, from_node
           ON CONFLICT (node_id, peer_id) DO UPDATE SET node_id = EXCLUDED.node_id
           RETURNING node_id, peer_id, last_applied_seq)
         SELECT channel.node_id, channel.peer_id, channel.last_applied_seq, held.envelope FROM channel
         LEFT JOIN LATERAL (
           SELECT envelope, channel_seq FROM federation_inbox
           WHERE node_id = channel.node_id AND from_node = channel.peer_id AND status = 'held' AND channel_seq > channel.last_applied_seq
           ORDER BY channel_seq LIMIT GREATEST(${MIN_PER_CHANNEL}, ${BATCH} / (SELECT count(*) FROM peers))) held ON true
         ORDER BY channel.node_id, channel.peer_id, held.channel_seq`,
        [nodes],
      );
      const run: Envelope[] = [];
      const advanced = new Map<string, { node: string; peer: string; seq: number }>();
      const stalled: Array<{ node: string; peer: string }> = [];
      const rowsOf = new Map<string, number>();
      let previous: string | null = null;
      let next = 0;
      for (const row of found) {
        const channel = `${row.node_id}<${row.peer_id}`;
        if (row.envelope) rowsOf.set(channel, (rowsOf.get(channel) ?? 0) + 1);
        if (channel !== previous) {
          previous = channel;
          next = Number(row.last_applied_seq) + 1;
        }
        if (!row.envelope || run.length >= BATCH) continue;
        if (row.envelope.seq !== next) {
          // A gap before this message (its predecessor not stored yet): the channel waits.
          if (stalled.at(-1)?.peer !== row.peer_id || stalled.at(-1)?.node !== row.node_id) stalled.push({ node: row.node_id, peer: row.peer_id });
          continue;
        }
        run.push(row.envelope);
        advanced.set(channel, { node: row.node_id, peer: row.peer_id, seq: next });
        next++;
      }
      if (run.length === 0) return { more: new Set<string>(), stalled };
      const outcome = await this.applyAll(manager, run);
      sent = outcome.sent;
      await this.markApplied(manager, [...advanced.values()], run, outcome.statuses);
      // As the query limited them: `peers` counts every channel with held messages.
      const channels = new Set(found.map((row) => `${row.node_id}<${row.peer_id}`)).size;
      const perChannel = Math.max(MIN_PER_CHANNEL, Math.floor(BATCH / channels));
      if (run.length >= BATCH || channels >= MAX_CHANNELS) return { more: new Set(nodes), stalled };
      const more = new Set([...advanced].filter(([channel]) => rowsOf.get(channel)! >= perChannel).map(([, position]) => position.node));
      return { more, stalled };
    });
    if (sent) this.relay.kick();
    for (const { node, peer } of result.stalled) this.gaps.noteGap(node, peer);
    return result.more;
  }

  /**
   * Fast path: the whole run without savepoints. If a handler refuses a payload, the run is rolled
   * back to its start and applied again one savepoint per message, so that only the bad message is
   * dead-lettered and the channel moves on.
   */
  private async applyAll(manager: EntityManager, run: Envelope[]): Promise<{ statuses: Status[]; sent: boolean }> {
    await manager.query('SAVEPOINT federation_run');
    try {
      let sent = false;
      const outcome = new Map<string, Status>();
      const forwards = new Forwards(this.outbox, manager);
      const deferred = new DeferredWork();
      for (const round of rounds(run)) {
        for (const group of this.groups(round)) {
          if (group.length > 1) {
            sent = (await this.applyGroup(manager, group, forwards, deferred)) || sent;
            for (const envelope of group) outcome.set(envelope.messageId, 'applied');
            continue;
          }
          const result = await this.applyOne(manager, group[0], forwards, deferred);
          outcome.set(group[0].messageId, result.status);
          sent ||= result.sent;
        }
      }
      sent = (await deferred.runAll()) || sent;
      sent = (await forwards.flush()) || sent;
      return { statuses: run.map((envelope) => outcome.get(envelope.messageId)!), sent };
    } catch (error) {
      if (!(error instanceof InvalidPayloadError)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT federation_run');
    }
    let sent = false;
    const statuses: Status[] = [];
    const deferred = new DeferredWork();
    // One queue for the run, as on the fast path: the deferred work posts into it at the end.
    const forwards = new Forwards(this.outbox, manager);
    for (const envelope of run) {
      await manager.query('SAVEPOINT federation_apply');
      // What a refused message deferred or posted is dropped with its savepoint.
      const own = new DeferredWork();
      try {
        const result = await this.applyOne(manager, envelope, forwards, own);
        const forwarded = await forwards.flush();
        await manager.query('RELEASE SAVEPOINT federation_apply');
        deferred.adopt(own);
        statuses.push(result.status);
        sent ||= result.sent || forwarded;
      } catch (error) {
        if (!(error instanceof InvalidPayloadError)) throw error;
        forwards.discard();
        // The sender's bug must not block its channel for ever: consume the sequence, keep the evidence.
        await manager.query('ROLLBACK TO SAVEPOINT federation_apply');
        await this.deadLetters.recordRefused(manager, envelope, error.message);
        statuses.push('rejected');
      }
    }
    sent = (await deferred.runAll()) || sent;
    sent = (await forwards.flush()) || sent;
    return { statuses, sent };
  }

  /**
   * A round's messages (each from a different channel) as they will be applied: those to apply
   * here whose handler takes several at once together by type, everything else one by one. With a
   * tracer registered every message is applied alone, in a span of its own.
   */
  private groups(round: Envelope[]): Envelope[][] {
    if (tracingEnabled()) return round.map((envelope) => [envelope]);
    const together = new Map<string, Envelope[]>();
    const alone: Envelope[][] = [];
    for (const envelope of round) {
      if (envelope.destination !== envelope.to || !this.handlers.get(envelope.type).applyMany) {
        alone.push([envelope]);
        continue;
      }
      const group = together.get(envelope.type);
      if (group) group.push(envelope);
      else together.set(envelope.type, [envelope]);
    }
    return [...alone, ...together.values()];
  }

  private async applyGroup(manager: EntityManager, group: Envelope[], forwards: Forwards, deferred: DeferredWork): Promise<boolean> {
    let sent = false;
    const contexts = group.map((envelope) => this.contextFor(manager, envelope, forwards, deferred, envelope.trace, () => (sent = true)));
    await this.handlers.get(group[0].type).applyMany!(contexts);
    return sent;
  }

  /** Applies at the destination, or records and passes on at a level in between. */
  private async applyOne(manager: EntityManager, envelope: Envelope, forwards: Forwards, deferred: DeferredWork): Promise<{ status: Status; sent: boolean }> {
    const kind = envelope.destination === envelope.to ? 'apply' : 'relay';
    return inHopSpan(envelope, kind, (trace) => this.applyInSpan(manager, envelope, forwards, deferred, trace));
  }

  /** `trace` is the hop's span context (or the envelope's, untraced): what the messages caused here carry. */
  private async applyInSpan(
    manager: EntityManager,
    envelope: Envelope,
    forwards: Forwards,
    deferred: DeferredWork,
    trace: Envelope['trace'],
  ): Promise<{ status: Status; sent: boolean }> {
    const handler = this.handlers.get(envelope.type);
    let sent = false;
    const context = this.contextFor(manager, envelope, forwards, deferred, trace, () => (sent = true));
    if (envelope.destination === envelope.to) {
      await handler.apply(context);
      return { status: 'applied', sent };
    }
    if ((await handler.relay?.(context)) !== RelayDecision.Consumed) {
      forwards.add({
        type: envelope.type,
        from: envelope.to,
        destination: envelope.destination,
        origin: envelope.origin,
        correlationId: envelope.correlationId,
        causationId: envelope.messageId,
        trace,
        payload: envelope.payload,
      });
    }
    return { status: 'relayed', sent };
  }

  /** What a handler gets for one message; `onSend` hears of every message it sends at once. */
  private contextFor(manager: EntityManager, envelope: Envelope, forwards: Forwards, deferred: DeferredWork, trace: Envelope['trace'], onSend: () => void): DeliveryContext {
    let sent = false;
    const sending = () => {
      sent = true;
      onSend();
    };
    return {
      manager,
      envelope,
      payload: envelope.payload,
      node: this.host.registry.node(envelope.to),
      send: async (message) => {
        sending();
        // Messages queued before this send go first: channel order is the order of causes.
        await forwards.flush();
        return this.outbox.send(manager, { ...message, causationId: envelope.messageId, trace });
      },
      sendMany: async (messages) => {
        if (messages.length > 0) sending();
        await forwards.flush();
        return this.outbox.sendMany(manager, messages.map((message) => ({ ...message, causationId: envelope.messageId, trace })));
      },
      post: (messages) => {
        for (const message of messages) forwards.add({ ...message, causationId: envelope.messageId, trace });
      },
      defer: (key, work) => deferred.add(key, async () => {
        await work();
        return sent;
      }),
      deferEach: (key, item, work) =>
        deferred.collect(key, [item], async (items) => {
          // The items' messages may each send: say something went out (it costs a relay pass at most).
          await work(items);
          return true;
        }),
    };
  }

  /** The run's inbox rows and its channels' positions move together, in one statement. */
  private async markApplied(manager: EntityManager, advanced: Array<{ node: string; peer: string; seq: number }>, run: Envelope[], statuses: Status[]): Promise<void> {
    await manager.query(
      `WITH marked AS (
         UPDATE federation_inbox AS i SET status = u.status, applied_at = clock_timestamp()
         FROM unnest($1::uuid[], $2::text[]) AS u(message_id, status) WHERE i.message_id = u.message_id)
       UPDATE federation_channel_in AS c SET last_applied_seq = p.seq, last_applied_at = now()
       FROM unnest($3::varchar[], $4::varchar[], $5::bigint[]) AS p(node_id, peer_id, seq) WHERE c.node_id = p.node_id AND c.peer_id = p.peer_id`,
      [run.map((envelope) => envelope.messageId), statuses, advanced.map((a) => a.node), advanced.map((a) => a.peer), advanced.map((a) => a.seq)],
    );
    const now = Date.now();
    run.forEach((envelope, index) => {
      this.metrics.applied.inc({ type: envelope.type, outcome: statuses[index] });
      const latency = (now - Date.parse(envelope.createdAt)) / 1000;
      if (latency >= 0) this.metrics.hopLatency.observe(latency);
    });
  }
}

/**
 * The run's messages by their place in their channels: the first of each channel, then the
 * second, and so on. Within a round no two come from one channel, so they may go in any order.
 */
function rounds(run: Envelope[]): Envelope[][] {
  const result: Envelope[][] = [];
  const depth = new Map<string, number>();
  for (const envelope of run) {
    const channel = `${envelope.to}<${envelope.from}`;
    const place = depth.get(channel) ?? 0;
    depth.set(channel, place + 1);
    (result[place] ??= []).push(envelope);
  }
  return result;
}

/** Messages passed on unchanged or posted during a run, written to the outbox together. */
class Forwards {
  private pending: OutgoingMessage[] = [];

  constructor(
    private readonly outbox: OutboxService,
    private readonly manager: EntityManager,
  ) {}

  add(message: OutgoingMessage): void {
    this.pending.push(message);
  }

  /** Forgets what is queued (its cause was refused). */
  discard(): void {
    this.pending = [];
  }

  /** Writes what is queued; returns whether anything was written. */
  async flush(): Promise<boolean> {
    if (this.pending.length === 0) return false;
    const messages = this.pending;
    this.pending = [];
    await this.outbox.sendMany(this.manager, messages);
    return true;
  }
}
