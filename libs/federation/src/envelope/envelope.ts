import { KeyObject, sign, verify } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { MessagePayloads, MessageType } from '../messages/catalog';
import { canonicalJson } from './canonical-json';

/**
 * One hop of a federation message. `from`/`to` are the two ends of this hop (always parent and
 * child); `origin`/`destination` are the ends of the whole journey, equal to them for one hop.
 * The sending node signs everything but the signature with its Ed25519 key. A hop between two
 * nodes of one host never leaves that host and is stored unsigned (see OutboxService); it is
 * signed if it is ever kept as evidence that may be replayed (see DeadLetterService).
 */
export interface Envelope<T extends MessageType = MessageType> {
  messageId: string;
  type: T;
  schemaVersion: number;
  from: string;
  to: string;
  origin: string;
  destination: string;
  correlationId: string;
  causationId: string | null;
  /** Position in the (from, to) channel, starting at 1 with no gaps. */
  seq: number;
  createdAt: string;
  payload: MessagePayloads[T];
  trace: TraceContext;
  /** Always present on what crosses the transport (the inbox refuses it otherwise). */
  signature?: string;
}

export interface TraceContext {
  /** W3C trace context header value, so one task's path is one trace. */
  traceparent: string;
}

export type UnsignedEnvelope<T extends MessageType = MessageType> = Omit<Envelope<T>, 'signature'>;

const nodeId = z.string().regex(/^\d{6}$/);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

/** Structure only; type, version, routing and signature are judged separately. */
export const envelopeShape = z.object({
  messageId: uuid,
  type: z.string().min(1).max(64),
  schemaVersion: z.number().int().positive(),
  from: nodeId,
  to: nodeId,
  origin: nodeId,
  destination: nodeId,
  correlationId: uuid,
  causationId: uuid.nullable(),
  seq: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  payload: z.record(z.string(), z.unknown()),
  trace: z.object({ traceparent: z.string().max(128) }),
  signature: z.string().min(1).max(200),
});

export function newMessageId(): string {
  return uuidv7();
}

export function signEnvelope<T extends MessageType>(unsigned: UnsignedEnvelope<T>, key: KeyObject): Envelope<T> {
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), key).toString('base64');
  return { ...unsigned, signature };
}

export function verifyEnvelope(envelope: Envelope, key: KeyObject): boolean {
  const { signature, ...unsigned } = envelope;
  if (!signature) return false;
  try {
    return verify(null, Buffer.from(canonicalJson(unsigned)), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
