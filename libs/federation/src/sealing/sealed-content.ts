import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { KeyRing } from '../transport/key-ring';
import { AssociatedData, SealedBox, SealedBoxError, SealedBoxFailure, openBox, sealBox } from './sealed-box';

/**
 * Who seals for whom, and what the content belongs to: the message type, the field and the ids that
 * name the record, so that the box opens only there (see `AssociatedData`).
 */
export interface SealParties {
  /** The sealing node, served by this host. */
  from: string;
  /** The only node that will open it. */
  to: string;
  context: AssociatedData;
}

/**
 * Confidential payload fields sealed to the node they are for, so that the levels a message passes
 * through store and forward ciphertext only. Seals to the recipient's current encryption key, signed
 * by the sender; opens with whichever of the recipient's listed keys the box names.
 */
@Injectable()
export class SealedContent {
  constructor(private readonly keys: KeyRing) {}

  seal(parties: SealParties, value: unknown): SealedBox {
    return sealBox({
      plaintext: Buffer.from(JSON.stringify(value)),
      recipient: this.keys.sealingKey(parties.to),
      signingKey: this.keys.privateKey(parties.from),
      associated: associatedData(parties),
    });
  }

  /** The content, checked against its schema; a SealedBoxError says why a box does not open. */
  open<S extends z.ZodType>(parties: SealParties, box: SealedBox, schema: S): z.infer<S> {
    const senderKey = this.keys.publicKey(parties.from);
    if (!senderKey) throw new SealedBoxError(SealedBoxFailure.BadSignature, `sender ${parties.from} is not in the registry`);
    const plaintext = openBox({
      box,
      privateKey: (keyId) => this.keys.encryptionKey(parties.to, keyId),
      senderKey,
      associated: associatedData(parties),
    });
    let value: unknown;
    try {
      value = JSON.parse(plaintext.toString('utf8'));
    } catch {
      throw new SealedBoxError(SealedBoxFailure.Malformed, 'the sealed content is not JSON');
    }
    const checked = schema.safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new SealedBoxError(SealedBoxFailure.Malformed, `the sealed content breaks its schema: ${issue.path.join('.') || 'content'}: ${issue.message}`);
    }
    return checked.data;
  }
}

/** The caller's context, and the two ends over anything it names so. */
function associatedData({ from, to, context }: SealParties): AssociatedData {
  return { ...context, from, to };
}
