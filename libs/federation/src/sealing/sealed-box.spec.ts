import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { canonicalJson } from '../envelope/canonical-json';
import { encryptionKeyId } from '../registry/encryption-keys';
import { AssociatedData, SealedBox, SealedBoxError, SealedBoxFailure, openBox, sealBox } from './sealed-box';

/** A private key from its 32 raw bytes (PKCS8 DER: a fixed prefix, then the key). */
const x25519 = (hex: string) => createPrivateKey({ key: Buffer.from(`302e020100300506032b656e04220420${hex}`, 'hex'), format: 'der', type: 'pkcs8' });
const ed25519 = (hex: string) => createPrivateKey({ key: Buffer.from(`302e020100300506032b657004220420${hex}`, 'hex'), format: 'der', type: 'pkcs8' });

/**
 * The vector: RFC 7748 §6.1's Alice as the ephemeral key and Bob as the recipient, RFC 8032 §7.1's
 * first key as the sender, nonce 00…0b. The expected box was computed apart from this code, with
 * Python's `cryptography` (X25519, HKDF, AESGCM, Ed25519) following the same construction.
 */
const alice = x25519('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
const bob = x25519('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
const sender = ed25519('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const associated: AssociatedData = { clueId: '0190a3f4-5b6c-7d8e-9f01-23456789abcd', field: 'content', from: '130102', message: 'clue.transferred', to: '130000' };
const plaintext = Buffer.from('{"allegation":"违规收受礼金","cadreName":"张某","cadrePosition":"某局局长","source":"个别谈话"}');
const vector: SealedBox = {
  alg: 'X25519-HKDF-SHA256-AES-256-GCM',
  kid: 'f35e5616160a30bf',
  epk: 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo',
  iv: 'AAECAwQFBgcICQoL',
  ct: '24hgMMnWQF7h8clOx4Z_fxnV9zJZ1gITyBcrahVIfBgKkXb_SoqnkytgxkKF4mxOUDcE5rQP1FWwEKxePEunwrNwniJILzw8xo6ICjiBl8U1z4S47jjaOxv6Bdz25qQ9QxANEPKztLp_1mj_nXnx',
  tag: 'tLsQaXIpJhw3jAlTuUy3Yg',
  sig: 'dMgbhUyk0L9XYjQVvuixcmcboje_Cd09kiKGKtxD5Wbb1jFR29x0bFj9qbO_Uu8NCWkC6G_TNa9oAkQSDTLIAA',
};

const recipientOf = (key: KeyObject) => ({ keyId: encryptionKeyId(createPublicKey(key)), publicKey: createPublicKey(key) });
const holding = (...keys: KeyObject[]) => {
  const byId = new Map(keys.map((key) => [encryptionKeyId(createPublicKey(key)), key]));
  return (keyId: string) => byId.get(keyId);
};
const seal = (to: KeyObject, text = plaintext, aad = associated) => sealBox({ plaintext: text, recipient: recipientOf(to), signingKey: sender, associated: aad });
const open = (box: SealedBox, keys: KeyObject[], aad = associated, senderKey = createPublicKey(sender)) => openBox({ box, privateKey: holding(...keys), senderKey, associated: aad });

function failure(fn: () => unknown): SealedBoxFailure | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SealedBoxError) return error.failure;
    throw error;
  }
  return undefined;
}

/** A box changed by someone who can sign as the sender: only the AEAD stands in the way. */
function resigned(box: SealedBox, aad = associated): SealedBox {
  const { sig: _, ...unsigned } = box;
  return { ...unsigned, sig: sign(null, Buffer.from(canonicalJson({ ...unsigned, aad })), sender).toString('base64url') };
}

/** Flips one bit of a base64url field. */
function flip(value: string): string {
  const bytes = Buffer.from(value, 'base64url');
  bytes[0] ^= 0x01;
  return bytes.toString('base64url');
}

describe('sealed box', () => {
  it('seals to the known vector and opens it', () => {
    expect(encryptionKeyId(createPublicKey(bob))).toBe(vector.kid);
    expect(sealBox({ plaintext, recipient: recipientOf(bob), signingKey: sender, associated, ephemeralKey: alice, iv: Buffer.from('000102030405060708090a0b', 'hex') })).toEqual(vector);
    expect(open(vector, [bob]).toString()).toBe(plaintext.toString());
  });

  it('gives every box a fresh ephemeral key and nonce', () => {
    const [first, second] = [seal(bob), seal(bob)];
    expect(first.epk).not.toBe(second.epk);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ct).not.toBe(second.ct);
    expect(open(second, [bob])).toEqual(plaintext);
  });

  it('refuses a box whose ciphertext, tag, nonce, ephemeral key or key id was changed', () => {
    for (const field of ['ct', 'tag', 'iv', 'epk'] as const) {
      expect(failure(() => open({ ...vector, [field]: flip(vector[field]) }, [bob]))).toBe(SealedBoxFailure.BadSignature);
      expect(failure(() => open(resigned({ ...vector, [field]: flip(vector[field]) }), [bob]))).toBe(SealedBoxFailure.NotAuthentic);
    }
    expect(failure(() => open({ ...vector, kid: '0000000000000000' }, [bob]))).toBe(SealedBoxFailure.BadSignature);
    expect(failure(() => open(resigned({ ...vector, kid: '0000000000000000' }), [bob]))).toBe(SealedBoxFailure.UnknownKey);
  });

  it('does not open in another message, for another recipient or from another sender', () => {
    for (const aad of [{ ...associated, clueId: '0190a3f4-5b6c-7d8e-9f01-000000000000' }, { ...associated, to: '130100' }, { ...associated, field: 'summary' }]) {
      expect(failure(() => open(vector, [bob], aad))).toBe(SealedBoxFailure.BadSignature);
      // Even re-signed for the other message by the sender itself, the ciphertext stays bound to the first.
      expect(failure(() => open(resigned(vector, aad), [bob], aad))).toBe(SealedBoxFailure.NotAuthentic);
    }
    // A level on the way can seal anything to the recipient's public key, but cannot sign as the sender.
    const intermediate = generateKeyPairSync('ed25519').privateKey;
    const forged = sealBox({ plaintext: Buffer.from('{"cadreName":"别人"}'), recipient: recipientOf(bob), signingKey: intermediate, associated });
    expect(failure(() => open(forged, [bob]))).toBe(SealedBoxFailure.BadSignature);
  });

  it('does not open with a key other than the one it names', () => {
    const other = generateKeyPairSync('x25519').privateKey;
    expect(failure(() => open(vector, [other]))).toBe(SealedBoxFailure.UnknownKey);
    // The right id on the wrong key (a mix-up of key files) fails authentication rather than yielding garbage.
    expect(failure(() => openBox({ box: vector, privateKey: () => other, senderKey: createPublicKey(sender), associated }))).toBe(SealedBoxFailure.NotAuthentic);
  });

  it('opens a box sealed to the previous key after a rotation, until that key is retired', () => {
    const previous = generateKeyPairSync('x25519').privateKey;
    const current = generateKeyPairSync('x25519').privateKey;
    const inFlight = seal(previous);
    const after = seal(current);

    expect(open(inFlight, [current, previous])).toEqual(plaintext);
    expect(open(after, [current, previous])).toEqual(plaintext);
    expect(failure(() => open(inFlight, [current]))).toBe(SealedBoxFailure.UnknownKey);
  });

  it('refuses a malformed box or another algorithm without throwing anything else', () => {
    expect(failure(() => open({ ...vector, alg: 'A128CBC' as SealedBox['alg'] }, [bob]))).toBe(SealedBoxFailure.UnsupportedAlgorithm);
    expect(failure(() => open({ ...vector, iv: 'AAEC' }, [bob]))).toBe(SealedBoxFailure.Malformed);
    expect(failure(() => open({ ...vector, ct: 'not base64!' }, [bob]))).toBe(SealedBoxFailure.Malformed);
    expect(failure(() => open({ ...vector, sig: vector.sig.slice(4) }, [bob]))).toBe(SealedBoxFailure.Malformed);
    // A small-order ephemeral key (all zeros) gives no shared secret.
    expect(failure(() => open(resigned({ ...vector, epk: Buffer.alloc(32).toString('base64url') }), [bob]))).toBe(SealedBoxFailure.NotAuthentic);
  });
});
