import { Injectable } from '@nestjs/common';
import { FederationConfig } from '../config/host-config';
import { Envelope, envelopeShape, verifyEnvelope } from '../envelope/envelope';
import { contractOf } from '../messages/catalog';
import { HostContext } from './host-context';
import { KeyRing } from './key-ring';
import { RejectReason } from './transport.types';

export type Verdict = { ok: true; envelope: Envelope } | { ok: false; reason: RejectReason; detail: string };

const reject = (reason: RejectReason, detail: string): Verdict => ({ ok: false, reason, detail });

/**
 * Everything a host checks before a message may touch its database: size, structure, type and
 * version, that it is addressed to a node served here, that it travels along the tree
 * (统一领导、分级负责: down only from the parent, up only from a child) and that the sending node signed it.
 */
@Injectable()
export class EnvelopeValidator {
  constructor(
    private readonly host: HostContext,
    private readonly keys: KeyRing,
    private readonly config: FederationConfig,
  ) {}

  check(raw: unknown): Verdict {
    const bytes = Buffer.byteLength(JSON.stringify(raw ?? null));
    if (bytes > this.config.maxMessageBytes) return reject(RejectReason.Oversized, `${bytes} bytes exceeds the limit of ${this.config.maxMessageBytes}`);
    if (typeof raw === 'object' && raw !== null && !('signature' in raw && (raw as { signature: unknown }).signature)) {
      return reject(RejectReason.MissingSignature, 'the envelope carries no signature');
    }
    const parsed = envelopeShape.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return reject(RejectReason.Malformed, `${first.path.join('.') || 'envelope'}: ${first.message}`);
    }
    const envelope = parsed.data as unknown as Envelope;
    const contract = contractOf(envelope.type);
    if (!contract) return reject(RejectReason.UnknownType, `message type ${JSON.stringify(envelope.type)} is not known to this host`);
    if (envelope.schemaVersion > contract.version) {
      return reject(RejectReason.UnsupportedSchemaVersion, `${envelope.type} schema version ${envelope.schemaVersion} is newer than the supported ${contract.version}`);
    }
    if (!this.host.serves(envelope.to)) return reject(RejectReason.Misaddressed, `node ${envelope.to} is not served by host ${this.host.hostId}`);
    const registry = this.host.registry;
    if (!registry.has(envelope.from)) return reject(RejectReason.UnknownSender, `sender ${envelope.from} is not in the registry`);
    if (!registry.has(envelope.origin) || !registry.has(envelope.destination)) {
      return reject(RejectReason.Malformed, `origin ${envelope.origin} or destination ${envelope.destination} is not in the registry`);
    }
    const direction = registry.hopDirection(envelope.from, envelope.to);
    if (!direction) return reject(RejectReason.WrongDirection, `${envelope.from} → ${envelope.to} is not a parent–child hop`);
    if (contract.direction !== 'any' && contract.direction !== direction) {
      return reject(RejectReason.WrongDirection, `${envelope.type} travels ${contract.direction}, but ${envelope.from} → ${envelope.to} goes ${direction}`);
    }
    if (contract.route === 'hop' && envelope.destination !== envelope.to) {
      return reject(RejectReason.WrongDirection, `${envelope.type} goes one level at a time; it cannot be addressed past ${envelope.to} to ${envelope.destination}`);
    }
    if (envelope.destination === envelope.from || registry.nextHop(envelope.from, envelope.destination).node.id !== envelope.to) {
      return reject(RejectReason.WrongDirection, `${envelope.to} is not on the tree path from ${envelope.from} to ${envelope.destination}`);
    }
    if (!verifyEnvelope(envelope, this.keys.publicKey(envelope.from)!)) {
      return reject(RejectReason.BadSignature, `the signature does not match sender ${envelope.from}'s public key`);
    }
    return { ok: true, envelope };
  }
}
