import { KeyObject, sign } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Envelope, JobName, MessageType, canonicalJson, controlQueueName, inboxQueueName, loadNodePrivateKey, newMessageId, signEnvelope } from '@app/federation';
import { createRedisClient } from '@app/federation/transport/redis-client';
import { TestFederation } from './federation';

export interface CraftOptions {
  from: string;
  to: string;
  destination?: string;
  seq: number;
  label?: string;
  body?: string;
  type?: string;
  schemaVersion?: number;
  /** Signs with this key instead of the sender's own. */
  key?: KeyObject;
  /** Instead of a probe's label and body. */
  payload?: unknown;
}

/** Builds a signed envelope as node `from` would, with the sender's real key from the test's keys dir. */
export function craftEnvelope(federation: TestFederation, options: CraftOptions): Envelope {
  const messageId = newMessageId();
  return signEnvelope(
    {
      messageId,
      type: (options.type ?? MessageType.Probe) as typeof MessageType.Probe,
      schemaVersion: options.schemaVersion ?? 1,
      from: options.from,
      to: options.to,
      origin: options.from,
      destination: options.destination ?? options.to,
      correlationId: messageId,
      causationId: null,
      seq: options.seq,
      createdAt: new Date().toISOString(),
      payload: (options.payload ?? { label: options.label ?? `seq-${options.seq}`, body: options.body }) as Envelope<typeof MessageType.Probe>['payload'],
      trace: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` },
    },
    options.key ?? loadNodePrivateKey(join(federation.dir, 'keys'), options.from),
  );
}

/** A queue of the test's federation, closed with its connection after `use`. */
async function withQueue(federation: TestFederation, name: string, use: (queue: Queue) => Promise<unknown>): Promise<void> {
  const connection = createRedisClient(federation.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix: federation.queuePrefix });
  try {
    await use(queue);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Puts raw jobs straight onto a host's inbox queue, bypassing any sender: reordering, forgeries, garbage. */
export function deliverRaw(federation: TestFederation, hostId: string, payloads: unknown[]): Promise<void> {
  return withQueue(federation, inboxQueueName(hostId), async (queue) => {
    for (const data of payloads) {
      const id = (data as { messageId?: unknown })?.messageId;
      await queue.add(JobName.Envelope, data, { jobId: typeof id === 'string' ? id : undefined, removeOnComplete: true, removeOnFail: true });
    }
  });
}

/** Puts envelopes on a host's inbox queue as one batch job, as a sending host's relay does. */
export function deliverBatch(federation: TestFederation, hostId: string, envelopes: unknown[]): Promise<void> {
  return withQueue(federation, inboxQueueName(hostId), (queue) => queue.add(JobName.Envelopes, { envelopes }, { removeOnComplete: true, removeOnFail: true }));
}

/** Puts a raw job on a host's control queue (acknowledgements, resend requests), as another host would. */
export function deliverControl(federation: TestFederation, hostId: string, name: JobName, data: unknown): Promise<void> {
  return withQueue(federation, controlQueueName(hostId), (queue) => queue.add(name, data, { removeOnComplete: true, removeOnFail: true }));
}

/** Content signed as its author's host signs it (ContentSignatures): the issuer's signature over a task, say. */
export function signContent(federation: TestFederation, signer: string, purpose: string, content: object): string {
  return sign(null, Buffer.from(canonicalJson({ purpose, content })), loadNodePrivateKey(join(federation.dir, 'keys'), signer)).toString('base64');
}

/** A task's issue as its issuer sends it: the content signed by the issuer (or by `signer`, to forge one), the recipients not. */
export function signedTaskIssued<P extends { issuerId: string; recipients: string[] }>(federation: TestFederation, payload: P, signer = payload.issuerId): P & { issuerSignature: string } {
  const { recipients: _recipients, ...content } = payload;
  return { ...payload, issuerSignature: signContent(federation, signer, 'linkage_task.issued', content) };
}
