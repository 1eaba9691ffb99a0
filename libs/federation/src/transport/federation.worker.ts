import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { FederationConfig, RedisConfig } from '../config/host-config';
import { Episodes } from '../observability/episodes';
import { Acknowledgements } from './acknowledgements';
import { InboxApplier } from './inbox-applier';
import { HostContext } from './host-context';
import { InboxService } from './inbox.service';
import { KeyRing } from './key-ring';
import { QueueConnections } from './queue-connections';
import { RelayService } from './relay.service';
import { AckJob, EnvelopeBatch, JobName, ResendJob, ackBody, controlQueueName, inboxQueueName } from './transport.types';

/** Acks and resend requests are a few row updates each: a handful at a time keeps up. */
const CONTROL_CONCURRENCY = 8;

/** Consumes this host's inbox queue (envelopes for the nodes it serves) and control queue (acks and resend requests for its outbox). */
@Injectable()
export class FederationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FederationWorker.name);
  private readonly episodes = new Episodes(this.logger);
  private worker?: Worker;
  private control?: Worker;

  constructor(
    private readonly host: HostContext,
    private readonly inbox: InboxService,
    private readonly relay: RelayService,
    private readonly acks: Acknowledgements,
    private readonly applier: InboxApplier,
    private readonly keys: KeyRing,
    private readonly queues: QueueConnections,
    private readonly redis: RedisConfig,
    private readonly config: FederationConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(inboxQueueName(this.host.hostId), (job) => this.process(job), {
      connection: this.queues.workerConnection(),
      prefix: this.redis.queuePrefix,
      concurrency: this.config.workerConcurrency,
      lockDuration: 15_000,
      stalledInterval: 5_000,
      maxStalledCount: 3,
    });
    // Redis restarted or flushed under a worker makes BullMQ report every job it held: one line for the episode.
    const trouble = (what: string) => (error: Error) =>
      this.episodes.begin('inbox-queue', 1, () => `inbox queue: ${what}: ${error.message} (Redis restarted or flushed? what senders do not see acknowledged they publish again)`);
    this.worker.on('error', trouble('worker error'));
    this.worker.on('failed', (_job, error) => trouble('a delivery failed and is retried')(error));
    this.worker.on('completed', () => this.episodes.end('inbox-queue', (seconds, count) => `inbox queue delivers again after ${seconds} s (${count} error(s) meanwhile)`));
    this.control = new Worker(controlQueueName(this.host.hostId), (job) => this.process(job), {
      connection: this.queues.workerConnection(),
      prefix: this.redis.queuePrefix,
      concurrency: CONTROL_CONCURRENCY,
    });
    this.control.on('error', (error) => this.logger.warn(`control worker: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.worker?.close(), this.control?.close()]);
  }

  private async process(job: Job): Promise<void> {
    switch (job.name as JobName) {
      case JobName.Envelope:
        return this.processEnvelope(job.data);
      case JobName.Envelopes:
        return this.processEnvelopes(job.data as EnvelopeBatch);
      case JobName.Ack:
        return this.processAck(job.data as AckJob);
      case JobName.Resend:
        return this.processResend(job.data as ResendJob);
      default:
        this.logger.warn(`ignoring job ${job.id} of unknown kind ${JSON.stringify(job.name)}`);
    }
  }

  private async processEnvelope(raw: unknown, receivedAt = new Date()): Promise<void> {
    const result = await this.inbox.receive(raw, receivedAt);
    const envelope = result.envelope;
    if (!envelope || result.outcome === 'rejected') return;
    this.acks.acknowledge(envelope.to, envelope.from, envelope.messageId);
    this.applier.kick(envelope.to);
  }

  /** Each envelope on its own: a bad one is dead-lettered, the others are stored (together: see InboxService). */
  private async processEnvelopes(batch: EnvelopeBatch): Promise<void> {
    if (!Array.isArray(batch?.envelopes)) {
      this.logger.warn('ignoring an envelope batch that holds no list of envelopes');
      return;
    }
    const receivedAt = new Date();
    await Promise.all(batch.envelopes.map((raw) => this.processEnvelope(raw, receivedAt)));
  }

  private async processAck(job: AckJob): Promise<void> {
    const acks = Array.isArray(job?.acks) ? job.acks.filter((ack) => typeof ack === 'object' && ack !== null) : [];
    // Signed once for the job by one receiver, answering for its host's nodes; or, as before, each ack by its own.
    const signedJob = typeof job?.signer === 'string' && this.keys.verifyControl(job.signer, ackBody(job.signer, acks), job.signature);
    const hostOf = (nodeId: unknown) => (typeof nodeId === 'string' ? this.host.registry.find(nodeId)?.host : undefined);
    const signerHost = signedJob ? hostOf(job.signer) : undefined;
    const valid = acks.filter((ack) => {
      const signed = signedJob ? hostOf(ack.from) === signerHost : this.keys.verifyControl(ack.from, { kind: JobName.Ack, from: ack.from, to: ack.to, messageIds: ack.messageIds }, ack.signature);
      if (signed && this.host.serves(ack.to) && Array.isArray(ack.messageIds)) return true;
      this.logger.warn({ from: ack.from, to: ack.to }, 'ignoring an acknowledgement that is misaddressed or not signed by its sender');
      return false;
    });
    if (valid.length > 0) await this.relay.acknowledge(valid, signerHost ?? hostOf(valid[0].from));
  }

  private async processResend(job: ResendJob): Promise<void> {
    const body = { kind: JobName.Resend, from: job.from, to: job.to, afterSeq: job.afterSeq };
    if (!this.host.serves(job.to) || !Number.isInteger(job.afterSeq) || !this.keys.verifyControl(job.from, body, job.signature)) {
      this.logger.warn({ from: job.from, to: job.to }, 'ignoring a resend request that is misaddressed or not signed by its sender');
      return;
    }
    await this.relay.republishAfter(job.to, job.from, job.afterSeq);
  }
}
