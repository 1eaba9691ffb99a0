import { TraceContext } from '../envelope/envelope';
import { MessagePayloads, MessageType } from '../messages/catalog';

/** Names of the jobs on a host's inbox queue. */
export enum JobName {
  /** One envelope (what hosts before EnvelopeBatch published; still taken). */
  Envelope = 'envelope',
  /** Envelopes for one host published in one relay round: an EnvelopeBatch. */
  Envelopes = 'envelopes',
  Ack = 'ack',
  Resend = 'resend',
}

/** Several envelopes in one job: each is checked, stored and acknowledged on its own. */
export interface EnvelopeBatch {
  envelopes: unknown[];
}

/** Receiver → sender: these messages are stored on my side (`from`); stop re-publishing them. */
export interface Ack {
  from: string;
  to: string;
  messageIds: string[];
  /** Signed by `from` alone: the format before AckJob.signature (still accepted). */
  signature?: string;
}

/**
 * The acks a host gathered for one sending host in a few milliseconds, as one job, signed once
 * by `signer`, one of the receivers: a host answers for every node it serves (it holds all their
 * keys), so the sender accepts the acks of `signer`'s host's nodes under that one signature.
 */
export interface AckJob {
  signer?: string;
  acks: Ack[];
  signature?: string;
}

/** What an AckJob's signature covers. */
export function ackBody(signer: string, acks: readonly Ack[]): object {
  return { kind: JobName.Ack, signer, acks: acks.map(({ from, to, messageIds }) => ({ from, to, messageIds })) };
}

/** Receiver → sender: I hold messages after a gap; publish again everything after `afterSeq`. */
export interface ResendJob {
  from: string;
  to: string;
  afterSeq: number;
  signature: string;
}

export interface OutgoingMessage<T extends MessageType = MessageType> {
  type: T;
  from: string;
  destination: string;
  payload: MessagePayloads[T];
  /** Ties every message of one piece of work together (a task and all its reports). */
  correlationId?: string;
  causationId?: string | null;
  trace?: TraceContext;
  /** Kept from the first hop when relaying. */
  origin?: string;
  /** Chosen by the sender beforehand when it must name the message (a probe); a new time-ordered id otherwise. */
  messageId?: string;
}

export enum RejectReason {
  Oversized = 'oversized',
  Malformed = 'malformed',
  MissingSignature = 'missing_signature',
  BadSignature = 'bad_signature',
  UnknownSender = 'unknown_sender',
  UnknownType = 'unknown_type',
  UnsupportedSchemaVersion = 'unsupported_schema_version',
  WrongDirection = 'wrong_direction',
  Misaddressed = 'misaddressed',
  SequenceConflict = 'sequence_conflict',
  /** The payload breaks its type's contract, or the handler found it can never apply. */
  InvalidPayload = 'invalid_payload',
  /** Content its author signs (an issuer's task) is not signed by that author, or was altered on the way. */
  ForgedContent = 'forged_content',
  /** The handler kept failing on a valid message; given up after bounded retries. */
  HandlerFailed = 'handler_failed',
}

/** stored: new, safe to acknowledge, applied in order by InboxApplier; duplicate: stored before. */
export type ReceiveOutcome = 'stored' | 'duplicate' | 'rejected';

export function inboxQueueName(hostId: string): string {
  return `inbox-${hostId}`;
}

/**
 * Acknowledgements and resend requests for a host's outbox. A queue of their own, so that they
 * never wait behind a backlog of deliveries: an ack that arrives after the sender's timeout makes
 * it publish again, and under a nationwide fan-out that feeds the backlog it waited behind.
 */
export function controlQueueName(hostId: string): string {
  return `control-${hostId}`;
}
