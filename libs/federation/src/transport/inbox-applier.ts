import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import pLimit from 'p-limit';
import { DataSource, EntityManager } from 'typeorm';
import { DatabaseConfig } from '../config/host-config';
import { Envelope } from '../envelope/envelope';
import { HandlerRegistry } from '../handlers/handler-registry';
import { DeliveryContext, InvalidPayloadError, RelayDecision } from '../handlers/message-handler';
import { DeadLetterService } from './dead-letter.service';
import { DeferredWork } from './deferred-work';
import { inHopSpan } from '../observability/tracing';
import { FederationMetrics } from './federation-metrics';
import { GapMonitor } from './gap-monitor';
import { HostContext } from './host-context';
import { RelayService } from './relay.service';
import { OutboxService } from './outbox.service';
import { OutgoingMessage, RejectReason } from './transport.types';

const BATCH = 200;
const SWEEP_MS = 2_000;

type Status = 'applied' | 'relayed' | 'rejected';

/**
 * Second half of receiving: applies stored messages of one (receiver, sender) channel strictly in
 * sequence order, a run of consecutive messages per transaction under the channel's lock. A message
 * whose predecessor has not arrived waits (so a cancel never overtakes its issue); a gap that
 * lasts is reported to the sender by the GapMonitor.
 */
@Injectable()
export class InboxApplier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxApplier.name);
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private sweeper?: NodeJS.Timeout;
  private stopped = false;
  /**
   * Runs of many channels at once share the connection pool with storing deliveries, the relay
   * and acknowledgements; a host serving a thousand nodes would otherwise queue those behind
   * hundreds of runs, acknowledge late and be sent everything again.
   */
  private readonly runs: pLimit.Limit;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: HandlerRegistry,
    private readonly outbox: OutboxService,
    private readonly relay: RelayService,
    private readonly deadLetters: DeadLetterService,
    private readonly gaps: GapMonitor,
    private readonly host: HostContext,
    private readonly metrics: FederationMetrics,
    database: DatabaseConfig,
  ) {
    this.runs = pLimit(Math.max(2, Math.floor(database.poolSize / 2)));
  }

  onApplicationBootstrap(): void {
    // Whatever was stored but not applied before a stop or crash, and anything a kick missed.
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    void this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Applies what is ready on the channel from `peer` to `node`; calls during a run fold into one more run. */
  kick(node: string, peer: string): void {
    if (this.stopped) return;
    const key = `${node}<${peer}`;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    const run = this.drain(key, node, peer).finally(() => this.running.delete(key));
    this.running.set(key, run);
  }

  /** Applies what is ready on a channel and resolves when done (operator replay waits for the outcome). */
  async applyNow(node: string, peer: string): Promise<void> {
    const key = `${node}<${peer}`;
    await this.running.get(key);
    this.kick(node, peer);
    await this.running.get(key);
  }

  private async sweep(): Promise<void> {
    try {
      const channels: Array<{ node_id: string; from_node: string }> = await this.dataSource.query(
        `SELECT DISTINCT node_id, from_node FROM federation_inbox WHERE status = 'held'`,
      );
      for (const channel of channels) this.kick(channel.node_id, channel.from_node);
    } catch (error) {
      this.logger.warn(`inbox sweep failed: ${(error as Error).message}`);
    }
  }

  private async drain(key: string, node: string, peer: string): Promise<void> {
    try {
      do {
        this.again.delete(key);
        while (!this.stopped && (await this.runs(() => this.applyRun(node, peer))) === BATCH);
      } while (this.again.has(key) && !this.stopped);
    } catch (error) {
      this.logger.warn(`applying messages from ${peer} to ${node} failed, will retry: ${(error as Error).message}`);
    }
  }

  /** One transaction: the next consecutive messages of the channel. Returns how many it applied. */
  private async applyRun(node: string, peer: string): Promise<number> {
    let sent = false;
    const result = await this.dataSource.transaction(async (manager) => {
      // The channel's row, locked for the transaction, and the held messages after its last applied
      // one, in one round trip. (Rows stored while waiting for the lock are simply left for the next run.)
      const found: Array<{ last_applied_seq: string; envelope: Envelope | null }> = await manager.query(
        `WITH channel AS (
           INSERT INTO federation_channel_in (node_id, peer_id) VALUES ($1, $2)
           ON CONFLICT (node_id, peer_id) DO UPDATE SET node_id = EXCLUDED.node_id
           RETURNING last_applied_seq)
         SELECT channel.last_applied_seq, held.envelope FROM channel
         LEFT JOIN LATERAL (
           SELECT envelope FROM federation_inbox
           WHERE node_id = $1 AND from_node = $2 AND status = 'held' AND channel_seq > channel.last_applied_seq
           ORDER BY channel_seq LIMIT ${BATCH}) held ON true`,
        [node, peer],
      );
      const last = Number(found[0].last_applied_seq);
      const rows = found.filter((row): row is { last_applied_seq: string; envelope: Envelope } => row.envelope !== null);
      const run: Envelope[] = [];
      for (const { envelope } of rows) {
        if (envelope.seq !== last + run.length + 1) break;
        run.push(envelope);
      }
      if (run.length === 0) return { applied: 0, waiting: rows.length > 0 };
      const outcome = await this.applyAll(manager, run);
      sent = outcome.sent;
      await this.markApplied(manager, node, peer, run, outcome.statuses);
      return { applied: run.length, waiting: rows.length > run.length };
    });
    if (sent) this.relay.kick();
    if (result.waiting) this.gaps.noteGap(node, peer);
    return result.applied;
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
      const statuses: Status[] = [];
      const forwards = new Forwards(this.outbox, manager);
      const deferred = new DeferredWork();
      for (const envelope of run) {
        const result = await this.applyOne(manager, envelope, forwards, deferred);
        statuses.push(result.status);
        sent ||= result.sent;
      }
      sent = (await deferred.runAll()) || sent;
      sent = (await forwards.flush()) || sent;
      return { statuses, sent };
    } catch (error) {
      if (!(error instanceof InvalidPayloadError)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT federation_run');
    }
    let sent = false;
    const statuses: Status[] = [];
    const deferred = new DeferredWork();
    for (const envelope of run) {
      await manager.query('SAVEPOINT federation_apply');
      // What a refused message deferred is dropped with its savepoint.
      const own = new DeferredWork();
      try {
        const forwards = new Forwards(this.outbox, manager);
        const result = await this.applyOne(manager, envelope, forwards, own);
        const forwarded = await forwards.flush();
        await manager.query('RELEASE SAVEPOINT federation_apply');
        deferred.adopt(own);
        statuses.push(result.status);
        sent ||= result.sent || forwarded;
      } catch (error) {
        if (!(error instanceof InvalidPayloadError)) throw error;
        // The sender's bug must not block its channel for ever: consume the sequence, keep the evidence.
        await manager.query('ROLLBACK TO SAVEPOINT federation_apply');
        await this.deadLetters.record(manager, envelope, RejectReason.InvalidPayload, error.message);
        statuses.push('rejected');
      }
    }
    sent = (await deferred.runAll()) || sent;
    return { statuses, sent };
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
    const context: DeliveryContext = {
      manager,
      envelope,
      payload: envelope.payload,
      node: this.host.registry.node(envelope.to),
      send: async (message) => {
        sent = true;
        // Forwards queued before this send go first: channel order is the order of causes.
        await forwards.flush();
        return this.outbox.send(manager, { ...message, causationId: envelope.messageId, trace });
      },
      sendMany: async (messages) => {
        sent ||= messages.length > 0;
        await forwards.flush();
        return this.outbox.sendMany(manager, messages.map((message) => ({ ...message, causationId: envelope.messageId, trace })));
      },
      defer: (key, work) => deferred.add(key, async () => {
        await work();
        return sent;
      }),
    };
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

  /** The run's inbox rows and the channel's position move together, in one statement. */
  private async markApplied(manager: EntityManager, node: string, peer: string, run: Envelope[], statuses: Status[]): Promise<void> {
    await manager.query(
      `WITH marked AS (
         UPDATE federation_inbox AS i SET status = u.status, applied_at = clock_timestamp()
         FROM unnest($1::uuid[], $2::text[]) AS u(message_id, status) WHERE i.message_id = u.message_id)
       UPDATE federation_channel_in SET last_applied_seq = $5, last_applied_at = now() WHERE node_id = $3 AND peer_id = $4`,
      [run.map((envelope) => envelope.messageId), statuses, node, peer, run[run.length - 1].seq],
    );
    const now = Date.now();
    run.forEach((envelope, index) => {
      this.metrics.applied.inc({ type: envelope.type, outcome: statuses[index] });
      const latency = (now - Date.parse(envelope.createdAt)) / 1000;
      if (latency >= 0) this.metrics.hopLatency.observe(latency);
    });
  }
}

/** Messages passed on unchanged during a run, written to the outbox together. */
class Forwards {
  private pending: OutgoingMessage[] = [];

  constructor(
    private readonly outbox: OutboxService,
    private readonly manager: EntityManager,
  ) {}

  add(message: OutgoingMessage): void {
    this.pending.push(message);
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
