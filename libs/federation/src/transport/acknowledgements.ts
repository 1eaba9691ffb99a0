import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HostContext } from './host-context';
import { KeyRing } from './key-ring';
import { QueueConnections } from './queue-connections';
import { Ack, AckJob, JobName, ResendJob, ackBody } from './transport.types';

const MAX_IDS_PER_ACK = 500;

/**
 * Receiver side of acknowledgement: gathers the ids stored while a flush is under way (or in the
 * same turn of the event loop) per (receiver, sender) pair and sends them to each sender's host in
 * one job, signed once — a batch forms only while work is waiting, never by waiting for one to
 * fill. Acks are not persisted: a lost ack only means the sender publishes again and the inbox
 * skips the duplicate.
 */
@Injectable()
export class Acknowledgements implements OnApplicationShutdown {
  private readonly logger = new Logger(Acknowledgements.name);
  private readonly pending = new Map<string, { from: string; to: string; ids: string[] }>();
  private scheduled = false;
  private flushing?: Promise<void>;

  constructor(
    private readonly host: HostContext,
    private readonly keys: KeyRing,
    private readonly queues: QueueConnections,
  ) {}

  /** `from` is the receiving node acknowledging; `to` the node that sent the message. */
  acknowledge(from: string, to: string, messageId: string): void {
    const key = `${from}>${to}`;
    const batch = this.pending.get(key) ?? { from, to, ids: [] };
    batch.ids.push(messageId);
    this.pending.set(key, batch);
    if (batch.ids.length >= MAX_IDS_PER_ACK) void this.flush();
    else this.schedule();
  }

  /** Flushes on the next turn, or right after the flush under way: what arrives meanwhile goes together. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.flushing) void this.flushing.finally(run);
    else setImmediate(run);
  }

  async requestResend(from: string, to: string, afterSeq: number): Promise<void> {
    const body = { kind: JobName.Resend, from, to, afterSeq };
    const job: ResendJob = { from, to, afterSeq, signature: this.keys.signControl(from, body) };
    await this.sendTo(this.host.hostOf(to), JobName.Resend, job);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const byHost = new Map<string, Ack[]>();
    for (const batch of this.pending.values()) {
      const ack: Ack = { from: batch.from, to: batch.to, messageIds: batch.ids };
      const host = this.host.hostOf(batch.to);
      const acks = byHost.get(host);
      if (acks) acks.push(ack);
      else byHost.set(host, [ack]);
    }
    this.pending.clear();
    // One job per sending host, one signature per job: a local host acknowledges a province's
    // messages to its hundred cities at once.
    const flushing = Promise.all([...byHost].map(([host, acks]) => this.sendTo(host, JobName.Ack, this.signed(acks)))).then(() => undefined);
    this.flushing = flushing;
    await flushing;
    if (this.flushing === flushing) this.flushing = undefined;
  }

  private signed(acks: Ack[]): AckJob {
    const signer = acks[0].from;
    return { signer, acks, signature: this.keys.signControl(signer, ackBody(signer, acks)) };
  }

  private async sendTo(hostId: string, name: JobName, data: AckJob | ResendJob): Promise<void> {
    try {
      await this.queues.control(hostId).add(name, data, { removeOnComplete: true, removeOnFail: true });
    } catch (error) {
      this.logger.debug(`cannot send ${name} to host ${hostId}, the sender will publish again: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
