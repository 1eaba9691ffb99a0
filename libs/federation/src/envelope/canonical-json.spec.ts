import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { byCodePoint, canonicalJson } from './canonical-json';
import { Envelope, signEnvelope, verifyEnvelope } from './envelope';

/**
 * Fixed vectors: the exact bytes a signer and a verifier must agree on. A change that alters any of
 * these changes what every host signs, and breaks every message in flight between versions.
 */
describe('canonical JSON', () => {
  it.each<[string, unknown, string]>([
    ['scalars', [null, true, false, 0, -1.5, 1e21, 'a"b\\c'], '[null,true,false,0,-1.5,1e+21,"a\\"b\\\\c"]'],
    ['keys sorted, white space gone, undefined dropped', { b: 1, a: { d: [1, { z: null, y: undefined }], c: 'x' } }, '{"a":{"c":"x","d":[1,{"z":null}]},"b":1}'],
    ['undefined in an array as null', [undefined, 1], '[null,1]'],
    ['dates as ISO strings', { at: new Date(Date.UTC(2026, 11, 7, 1, 2, 3, 4)) }, '{"at":"2026-12-07T01:02:03.004Z"}'],
    ['Chinese text as itself', { 标题: '联动任务', 要求: '“两个维护”' }, '{"标题":"联动任务","要求":"“两个维护”"}'],
    ['control characters escaped as JSON does', { s: 'a\u0000\n\t' }, '{"s":"a\\u0000\\n\\t"}'],
    // U+1F600 (a surrogate pair in UTF-16) comes after U+FF5E by code point, before it by code unit.
    ['keys by code point, not by UTF-16 code unit', { '\u{1F600}': 2, '\uFF5E': 1, A: 0 }, '{"A":0,"～":1,"😀":2}'],
  ])('writes %s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same bytes whatever order the keys came in', () => {
    expect(canonicalJson({ x: 1, y: { b: 2, a: 1 } })).toBe(canonicalJson({ y: { a: 1, b: 2 }, x: 1 }));
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Infinity])).toThrow(TypeError);
  });

  it('orders by code point', () => {
    expect(['\u{1F600}', '\uFF5E', 'b', 'a', 'ab'].sort(byCodePoint)).toEqual(['a', 'ab', 'b', '\uFF5E', '\u{1F600}']);
  });
});

describe('envelope signatures', () => {
  // A fixed Ed25519 key (RFC 8032, test 1): the signature below is what any correct signer produces.
  const privateKey = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const unsigned = {
    messageId: '01900000-0000-7000-8000-000000000001',
    type: 'federation.probe',
    schemaVersion: 1,
    from: '000000',
    to: '130000',
    origin: '000000',
    destination: '130000',
    correlationId: '01900000-0000-7000-8000-000000000001',
    causationId: null,
    seq: 1,
    createdAt: '2026-12-07T00:00:00.000Z',
    payload: { label: '探针' },
    trace: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  } as unknown as Envelope;

  it('uses the key of RFC 8032’s first test vector', () => {
    expect(sign(null, Buffer.alloc(0), privateKey).toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
  });

  it('signs the canonical bytes of everything but the signature, with the sender’s key', () => {
    expect(canonicalJson(unsigned)).toBe(
      '{"causationId":null,"correlationId":"01900000-0000-7000-8000-000000000001","createdAt":"2026-12-07T00:00:00.000Z","destination":"130000",' +
        '"from":"000000","messageId":"01900000-0000-7000-8000-000000000001","origin":"000000","payload":{"label":"探针"},"schemaVersion":1,"seq":1,' +
        '"to":"130000","trace":{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},"type":"federation.probe"}',
    );
    const signed = signEnvelope(unsigned, privateKey);
    // Ed25519 is deterministic: this is the signature of those bytes under that key, on any correct signer.
    expect(signed.signature).toBe('gN7E/izLbyeHM4JqZOaG1j+KolEqOcf3Qd5TCg/elKEtE/vsqdRPvcJL0jekskLt0npP5Ju8e2R+w2I6Tc6CBQ==');
    expect(verify(null, Buffer.from(canonicalJson(unsigned)), publicKey, Buffer.from(signed.signature!, 'base64'))).toBe(true);
    expect(verifyEnvelope(signed, publicKey)).toBe(true);
  });

  it('refuses an envelope changed after signing, or signed by another key', () => {
    const signed = signEnvelope(unsigned, privateKey);
    expect(verifyEnvelope({ ...signed, payload: { label: '探针2' } } as Envelope, publicKey)).toBe(false);
    expect(verifyEnvelope({ ...signed, seq: 2 }, publicKey)).toBe(false);
    expect(verifyEnvelope({ ...signed, signature: undefined }, publicKey)).toBe(false);
    expect(verifyEnvelope({ ...signed, signature: 'not base64 at all' }, publicKey)).toBe(false);
  });

  it('verifies whatever order the keys of the received JSON are in (PostgreSQL reorders them)', () => {
    const signed = signEnvelope(unsigned, privateKey);
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(signed).reverse())));
    expect(verifyEnvelope(reordered, publicKey)).toBe(true);
  });
});
