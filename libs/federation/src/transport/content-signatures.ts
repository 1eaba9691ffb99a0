import { Injectable } from '@nestjs/common';
import { KeyRing } from './key-ring';

/**
 * What the node that authored some content (an issuer's task, each amendment and its cancel) signs
 * once, with its own key, and every level on the way verifies and keeps: unlike the hop signature of
 * an envelope, it survives being relayed, so a level that receives work from its parent can prove —
 * from its own database and the registry alone — who issued what, and a level in between cannot
 * alter it or invent work in another's name.
 */
export interface ContentProof {
  /** What the content is (e.g. `linkage_task.issued`): a signature over one kind is no proof of another. */
  purpose: string;
  /** The node whose key signed it. */
  signer: string;
  content: object;
  signature: string;
}

@Injectable()
export class ContentSignatures {
  constructor(private readonly keys: KeyRing) {}

  /** Signs content authored by `signer`, a node of this host. */
  sign(signer: string, purpose: string, content: object): string {
    return this.keys.signControl(signer, { purpose, content });
  }

  verify(proof: ContentProof): boolean {
    return this.keys.verifyControl(proof.signer, { purpose: proof.purpose, content: proof.content }, proof.signature);
  }
}
