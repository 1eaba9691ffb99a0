import { z } from 'zod';
import { SEALED_BOX_ALGORITHM, SealedBox } from '../sealing/sealed-box';

/**
 * Which way a message's hops go along the tree: down (parent → child), up (child → parent), or
 * either (an operator's probe). The receiver refuses a hop against its type's direction.
 */
export type MessageDirection = 'down' | 'up' | 'any';

/**
 * How far one message travels: `hop` messages are applied by the next level, which sends its own on
 * (linkage tasks: one message per tree edge); `path` messages are relayed level by level to their
 * destination, each level on the way recording them if its handler wants to.
 */
export type MessageRoute = 'hop' | 'path';

/** A message type, defined once: its name on the wire, schema version, direction, route and payload. */
export interface MessageContract<T extends string = string, P extends z.ZodType = z.ZodType> {
  readonly type: T;
  /** The version producers write; a receiver accepts versions up to this one. */
  readonly version: number;
  /**
   * The oldest version a receiver still takes (1 unless a change left older messages unsafe to
   * keep): an older one is stored without its payload and dead-lettered, never applied or passed on.
   */
  readonly minVersion: number;
  readonly direction: MessageDirection;
  readonly route: MessageRoute;
  readonly payload: P;
}

export function defineMessage<const T extends string, P extends z.ZodType>(
  type: T,
  spec: { version: number; minVersion?: number; direction: MessageDirection; route?: MessageRoute; payload: P },
): MessageContract<T, P> {
  return { type, version: spec.version, minVersion: spec.minVersion ?? 1, direction: spec.direction, route: spec.route ?? 'path', payload: spec.payload };
}

/** The payload a contract's schema accepts. */
export type PayloadOf<C extends MessageContract> = z.infer<C['payload']>;

// Field shapes shared by the contracts.

/** A node id: a six-digit GB/T 2260 code, `000000` for central. */
export const nodeId = z.string().regex(/^\d{6}$/, 'a six-digit node id');
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a UUID');
/** An instant, ISO 8601 with a zone (what `Date.toISOString()` writes). */
export const instant = z.iso.datetime({ offset: true });
/** A calendar day in Asia/Shanghai, YYYY-MM-DD: what the seed's deadlines count in. */
export const localDate = z.iso.date();
export const count = z.number().int().nonnegative();
export const revision = z.number().int().nonnegative();
export const percent = z.number().int().min(0).max(100);

/**
 * Text of at most `max` characters. PostgreSQL cannot store U+0000 in text or jsonb: refused here
 * so that the handler's write never fails on it.
 */
export function text(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'contains U+0000, which cannot be stored');
}

/** Titles and names: what the domain stores in varchar(200) columns. */
export const title = text(200, 1);

/** Base64url of exactly `bytes` bytes, or of at most `maxBytes`. */
const base64url = (length: { bytes: number } | { maxBytes: number }) => {
  const chars = 'bytes' in length ? Math.ceil((length.bytes * 4) / 3) : Math.ceil((length.maxBytes * 4) / 3);
  const shape = z.string().regex(/^[A-Za-z0-9_-]*$/, 'base64url');
  return 'bytes' in length ? shape.length(chars) : shape.max(chars);
};

/**
 * Confidential content sealed to the message's destination (`SealedContent`): what the levels it
 * passes through store and forward instead of the clear text. `maxBytes` bounds the JSON inside.
 */
export function sealed(maxBytes: number): z.ZodType<SealedBox> {
  return z
    .object({
      alg: z.literal(SEALED_BOX_ALGORITHM),
      kid: z.string().regex(/^[0-9a-f]{16}$/, 'an encryption key id'),
      epk: base64url({ bytes: 32 }),
      iv: base64url({ bytes: 12 }),
      ct: base64url({ maxBytes }),
      tag: base64url({ bytes: 16 }),
      sig: base64url({ bytes: 64 }),
    })
    .strict();
}
