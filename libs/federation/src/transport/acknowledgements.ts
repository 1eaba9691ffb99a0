import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HostContext } from './host-context';
import { KeyRing } from './key-ring';
import { QueueConnections } from './queue-connections';
import { AckJob, JobName, ResendJob } from './transport.types';

const FLUSH_AFTER_MS = 5;
const MAX_IDS_PER_ACK = 500;

/**
 * Receiver side of acknowledgement: gathers the ids stored in the last few milliseconds per
 * (receiver, sender) pair and sends them to the sender's host in one signed job. Acks are not
 * persisted: a lost ack only means the sender publishes again and the inbox skips the duplicate.
 */
@Injectable()
export class Acknowledgements implements OnApplicationShutdown {
  private readonly logger = new Logger(Acknowledgements.name);
  private readonly pending = new Map<string, { from: string; to: string; ids: string[] }>();
  private timer?: NodeJS.Timeout;

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
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  async requestResend(from: string, to: string, afterSeq: number): Promise<void> {
    const body = { kind: JobName.Resend, from, to, afterSeq };
    const job: ResendJob = { from, to, afterSeq, signature: this.keys.signControl(from, body) };
    await this.send(to, JobName.Resend, job);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batches = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(
      batches.map((batch) => {
        const body = { kind: JobName.Ack, from: batch.from, to: batch.to, messageIds: batch.ids };
        const job: AckJob = { from: batch.from, to: batch.to, messageIds: batch.ids, signature: this.keys.signControl(batch.from, body) };
        return this.send(batch.to, JobName.Ack, job);
      }),
    );
  }

  private async send(toNode: string, name: JobName, data: AckJob | ResendJob): Promise<void> {
    try {
      await this.queues.control(this.host.hostOf(toNode)).add(name, data, { removeOnComplete: true, removeOnFail: true });
    } catch (error) {
      this.logger.debug(`cannot send ${name} to ${toNode}, the sender will publish again: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
