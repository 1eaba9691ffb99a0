import { KeyObject, createCipheriv, createDecipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign, verify } from 'node:crypto';
import { canonicalJson } from '../envelope/canonical-json';

/**
 * Ephemeral-static X25519 agreement with the recipient's key, HKDF-SHA256 over the shared secret
 * (salted with both public keys, the algorithm's name as info), AES-256-GCM with a random nonce.
 */
export const SEALED_BOX_ALGORITHM = 'X25519-HKDF-SHA256-AES-256-GCM';

/**
 * Content only its recipient node can read, as it travels in a payload. Byte fields are base64url.
 * The sealing node signs it, so that a level it passes through cannot put other content in its place:
 * anyone may seal to a public key, only the sender can sign.
 */
export interface SealedBox {
  alg: typeof SEALED_BOX_ALGORITHM;
  /** The recipient's encryption key the box is sealed to (`encryptionKeyId`). */
  kid: string;
  /** Ephemeral X25519 public key, 32 bytes. */
  epk: string;
  /** AES-GCM nonce, 12 bytes. */
  iv: string;
  ct: string;
  /** AES-GCM tag, 16 bytes. */
  tag: string;
  /** Ed25519 signature of the sealing node over the box and its associated data. */
  sig: string;
}

/**
 * What the box is bound to besides its bytes: who sealed it for whom and the message it belongs to
 * (type, field, record id…). Opening with other associated data fails, so a box copied into another
 * message, or addressed to another node, does not open.
 */
export type AssociatedData = Readonly<Record<string, string | number>>;

export enum SealedBoxFailure {
  Malformed = 'malformed',
  UnsupportedAlgorithm = 'unsupported_algorithm',
  /** Sealed to a key the recipient does not hold (retired, or never its own). */
  UnknownKey = 'unknown_key',
  BadSignature = 'bad_signature',
  /** The ciphertext, its header or its associated data were changed, or the key is not the one it was sealed to. */
  NotAuthentic = 'not_authentic',
}

export class SealedBoxError extends Error {
  constructor(
    readonly failure: SealedBoxFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SealedBoxError';
  }
}

export interface SealInput {
  plaintext: Buffer;
  recipient: { keyId: string; publicKey: KeyObject };
  /** The sealing node's Ed25519 key. */
  signingKey: KeyObject;
  associated: AssociatedData;
  /** Fixed only by tests that check known vectors; fresh for every box otherwise. */
  ephemeralKey?: KeyObject;
  iv?: Buffer;
}

export function sealBox({ plaintext, recipient, signingKey, associated, ephemeralKey, iv = randomBytes(12) }: SealInput): SealedBox {
  const ephemeral = ephemeralKey ?? generateKeyPairSync('x25519').privateKey;
  const epk = rawKey(createPublicKey(ephemeral));
  const key = boxKey(diffieHellman({ privateKey: ephemeral, publicKey: recipient.publicKey }), epk, rawKey(recipient.publicKey));
  const header = { alg: SEALED_BOX_ALGORITHM, kid: recipient.keyId, epk: b64(epk) } as const;
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(canonicalJson({ ...header, aad: associated })));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const unsigned = { ...header, iv: b64(iv), ct: b64(ct), tag: b64(cipher.getAuthTag()) };
  return { ...unsigned, sig: sign(null, signedBytes(unsigned, associated), signingKey).toString('base64url') };
}

export interface OpenInput {
  box: SealedBox;
  /** The recipient's private key of that id, if it holds one. */
  privateKey: (keyId: string) => KeyObject | undefined;
  /** The sealing node's Ed25519 public key. */
  senderKey: KeyObject;
  associated: AssociatedData;
}

/** The plaintext, or a SealedBoxError saying why the box does not open; the signature is checked first. */
export function openBox({ box, privateKey, senderKey, associated }: OpenInput): Buffer {
  if (box.alg !== SEALED_BOX_ALGORITHM) throw new SealedBoxError(SealedBoxFailure.UnsupportedAlgorithm, `sealed with ${JSON.stringify(box.alg)}, not ${SEALED_BOX_ALGORITHM}`);
  const { sig, ...unsigned } = box;
  const epk = bytes(box.epk, 32, 'epk');
  const iv = bytes(box.iv, 12, 'iv');
  const tag = bytes(box.tag, 16, 'tag');
  const ct = bytes(box.ct, undefined, 'ct');
  if (!verify(null, signedBytes(unsigned, associated), senderKey, bytes(sig, 64, 'sig'))) {
    throw new SealedBoxError(SealedBoxFailure.BadSignature, 'the box is not signed by the node it names as its sender, or was sealed for another message');
  }
  const own = privateKey(box.kid);
  if (!own) throw new SealedBoxError(SealedBoxFailure.UnknownKey, `sealed to encryption key ${box.kid}, which the recipient does not hold`);
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: own, publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: box.epk }, format: 'jwk' }) });
  } catch (error) {
    // OpenSSL refuses an ephemeral key of small order (an all-zero secret).
    throw new SealedBoxError(SealedBoxFailure.NotAuthentic, `no key agreement with the box's ephemeral key: ${(error as Error).message}`);
  }
  const decipher = createDecipheriv('aes-256-gcm', boxKey(shared, epk, rawKey(createPublicKey(own))), iv);
  decipher.setAAD(Buffer.from(canonicalJson({ alg: box.alg, kid: box.kid, epk: box.epk, aad: associated })));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    throw new SealedBoxError(SealedBoxFailure.NotAuthentic, `the box does not open with encryption key ${box.kid}: altered, or sealed for another message`);
  }
}

function boxKey(shared: Buffer, epk: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([epk, recipient]), SEALED_BOX_ALGORITHM, 32));
}

function signedBytes(unsigned: Omit<SealedBox, 'sig'>, associated: AssociatedData): Buffer {
  return Buffer.from(canonicalJson({ ...unsigned, aad: associated }));
}

function rawKey(publicKey: KeyObject): Buffer {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
}

const b64 = (value: Buffer) => value.toString('base64url');

function bytes(value: unknown, length: number | undefined, field: string): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]*$/.test(value)) throw new SealedBoxError(SealedBoxFailure.Malformed, `${field} is not base64url`);
  const decoded = Buffer.from(value, 'base64url');
  if (length !== undefined && decoded.length !== length) throw new SealedBoxError(SealedBoxFailure.Malformed, `${field} must be ${length} bytes, not ${decoded.length}`);
  return decoded;
}
