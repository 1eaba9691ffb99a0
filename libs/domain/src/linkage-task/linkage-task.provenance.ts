import { Injectable } from '@nestjs/common';
import {
  ContentProof,
  ContentSignatures,
  InvalidPayloadError,
  LinkageTaskAmendedPayload,
  LinkageTaskCancelledPayload,
  LinkageTaskIssuedPayload,
  Registry,
  RejectReason,
  TargetScopePayload,
} from '@app/federation';
import { scopeAdmits } from '../common/target-scope';

const ISSUED = 'linkage_task.issued';
const AMENDED = 'linkage_task.amended';
const CANCELLED = 'linkage_task.cancelled';

type Signed<P> = Omit<P, 'issuerSignature'>;
type IssuedContent = Omit<LinkageTaskIssuedPayload, 'recipients' | 'issuerSignature'>;

/**
 * 统一领导 made checkable: the issuer signs its task's content once (and each amendment and its
 * cancel); every level verifies the signature against the issuer's key in the registry before it
 * records anything, and keeps it as the proof of that version. A decomposing level signs its own
 * assignment, which names the task it decomposes.
 */
@Injectable()
export class LinkageTaskProvenance {
  constructor(
    private readonly signatures: ContentSignatures,
    private readonly registry: Registry,
  ) {}

  signIssue(issued: IssuedContent): string {
    return this.signatures.sign(issued.issuerId, ISSUED, issued);
  }

  signAmendment(issuerId: string, amended: Signed<LinkageTaskAmendedPayload>): string {
    return this.signatures.sign(issuerId, AMENDED, amended);
  }

  signCancel(issuerId: string, cancelled: Signed<LinkageTaskCancelledPayload>): string {
    return this.signatures.sign(issuerId, CANCELLED, cancelled);
  }

  /**
   * The proof of a task's first version, once its signature checks out — and every recipient it
   * names here lies in the scope the issuer signed (each level narrows the list, and may not widen it).
   */
  issueProof(payload: LinkageTaskIssuedPayload, nodeId: string): ContentProof {
    const { recipients, issuerSignature, ...content } = payload;
    const proof = this.checked({ purpose: ISSUED, signer: payload.issuerId, content, signature: issuerSignature }, `task ${payload.taskId} v1`);
    const stray = recipients.find((id) => !scopeAdmits(this.registry, payload.issuerId, payload.scope as TargetScopePayload, id));
    if (stray) throw new InvalidPayloadError(`task ${payload.taskId} names ${stray} at ${nodeId}, outside the scope its issuer signed`, RejectReason.ForgedContent);
    return proof;
  }

  amendmentProof(issuerId: string, payload: LinkageTaskAmendedPayload): ContentProof {
    const { issuerSignature, ...content } = payload;
    return this.checked({ purpose: AMENDED, signer: issuerId, content, signature: issuerSignature }, `task ${payload.taskId} v${payload.version}`);
  }

  cancelProof(issuerId: string, payload: LinkageTaskCancelledPayload): ContentProof {
    const { issuerSignature, ...content } = payload;
    return this.checked({ purpose: CANCELLED, signer: issuerId, content, signature: issuerSignature }, `the cancel of task ${payload.taskId}`);
  }

  /** Whether a kept proof still checks out against the signer's key in the registry. */
  verify(proof: ContentProof | null): boolean {
    return !!proof && this.registry.has(proof.signer) && this.signatures.verify(proof);
  }

  private checked(proof: ContentProof, what: string): ContentProof {
    if (!this.verify(proof)) throw new InvalidPayloadError(`${what} is not signed by its issuer ${proof.signer}: altered on the way, or issued in another's name`, RejectReason.ForgedContent);
    return proof;
  }
}
