import { FederationTransactions, HostContext, MessageType, UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DeadlineKind } from '../deadlines/deadline.enums';
import { DeadlineTracker } from '../deadlines/deadline-tracker.service';
import { compareDates, localDateOf } from '../deadlines/local-date';
import { pendingFeeders } from './approval-chain';
import { Filing, FilingCopy, copyOf } from './filing.entity';
import { FilingKind, FilingStatus } from './filing.enums';
import { FilingErrorCode, FilingException } from './filing.exception';
import { FilingLinks } from './filing-links';
import { FilingEvent, assertFilingCan, nextFilingStatus } from './filing-state';
import { FilingVersion } from './filing-version.entity';
import { AcceptFilingInput, RequestFilingsInput, ReturnFilingInput, SubmitFilingInput } from './dto/filing.inputs';

export interface OwnFilingSpec {
  nodeId: string;
  kind: FilingKind;
  title: string;
  dueOn: string;
  content: string;
}

/** What an inspection office does with filings: ask its children, file with its parent, review. */
@Injectable()
export class FilingService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly host: HostContext,
    private readonly links: FilingLinks,
    private readonly deadlines: DeadlineTracker,
  ) {}

  /** Asks every child for a filing by `dueOn`; a consolidated request travels down to the counties. */
  async request(input: RequestFilingsInput): Promise<Filing[]> {
    this.assertServed(input.nodeId);
    if (this.host.registry.children(input.nodeId).length === 0) throw new FilingException(FilingErrorCode.NoChildren, `node ${input.nodeId} has no children to file with it`);
    if (compareDates(input.dueOn, localDateOf(new Date())) < 0) throw new FilingException(FilingErrorCode.InvalidDueDate, `the due date ${input.dueOn} has already passed`);
    const spec = { chainId: randomUUID(), parentFilingId: null, kind: input.kind, title: input.title, dueOn: input.dueOn, consolidated: input.consolidated };
    return this.transactions.run((tx) => this.links.requestFromChildren(tx, input.nodeId, spec));
  }

  /**
   * Files something the node starts itself (a round's plan or arrangement) with its parent, in the
   * caller's unit of work: version 1, submitted at once, owed by `dueOn` like any filing, so the
   * parent reviews it and the on-time rate counts it. Null for central, which files with no one.
   */
  async fileOwn(work: UnitOfWork, spec: OwnFilingSpec): Promise<Filing | null> {
    const parent = this.host.registry.parent(spec.nodeId);
    if (!parent) return null;
    const now = new Date();
    const filing = Object.assign(new Filing(), {
      nodeId: spec.nodeId,
      id: randomUUID(),
      chainId: randomUUID(),
      parentFilingId: null,
      filerNodeId: spec.nodeId,
      reviewerNodeId: parent.id,
      kind: spec.kind,
      title: spec.title,
      dueOn: spec.dueOn,
      consolidated: false,
      status: FilingStatus.Submitted,
      version: 1,
      revision: 1,
      firstSubmittedAt: now,
      requestedAt: now,
      updatedAt: now,
      returnReasons: null,
      returnedBy: null,
      mustActNodeId: null,
    });
    await work.manager.insert(Filing, filing);
    await work.manager.insert(FilingVersion, { nodeId: spec.nodeId, filingId: filing.id, version: 1, content: spec.content, submittedAt: now, decision: null, decidedAt: null, remarks: null });
    await this.deadlines.track(work, spec.nodeId, { kind: DeadlineKind.Filing, recordId: filing.id, subjectId: filing.id, title: spec.title, dueOn: spec.dueOn });
    await this.deadlines.meet(work, spec.nodeId, DeadlineKind.Filing, filing.id);
    work.emit({
      type: MessageType.FilingFiled,
      from: spec.nodeId,
      destination: parent.id,
      correlationId: filing.chainId,
      payload: { filingId: filing.id, chainId: filing.chainId, kind: spec.kind, title: spec.title, dueOn: spec.dueOn, content: spec.content, submittedAt: now.toISOString() },
    });
    return filing;
  }

  /** Files a version with the parent. A consolidated filing goes up only once every child's is accepted. */
  async submit(input: SubmitFilingInput): Promise<Filing> {
    this.assertServed(input.nodeId);
    return this.transactions.run((tx) => this.submitIn(tx, input));
  }

  /** `submit` in the caller's unit of work (a round re-filing its arrangement after a return). */
  async submitIn(tx: UnitOfWork, input: SubmitFilingInput): Promise<Filing> {
    const filing = await this.load(tx.manager, input.nodeId, input.filingId, FilingCopy.Filer);
    const status = nextFilingStatus(filing.status, FilingEvent.Submit);
    if (filing.consolidated) {
      const pending = pendingFeeders(filing.id, await this.links.feeders(tx.manager, input.nodeId, filing.id));
      if (pending.length > 0) {
        throw new FilingException(FilingErrorCode.ChildrenPending, `the consolidated filing can go up only when every child has filed and been accepted; still waiting for ${pending.join(', ')}`, { pending });
      }
    }
    const now = new Date();
    Object.assign(filing, { status, version: filing.version + 1, firstSubmittedAt: filing.firstSubmittedAt ?? now, updatedAt: now, returnReasons: null, mustActNodeId: null, returnedBy: null });
    await tx.manager.save(filing);
    await tx.manager.insert(FilingVersion, { nodeId: filing.nodeId, filingId: filing.id, version: filing.version, content: input.content, submittedAt: now, decision: null, decidedAt: null, remarks: null });
    await this.deadlines.meet(tx, filing.filerNodeId, DeadlineKind.Filing, filing.id);
    tx.emit({
      type: MessageType.FilingSubmitted,
      from: filing.filerNodeId,
      destination: filing.reviewerNodeId,
      correlationId: filing.chainId,
      payload: { filingId: filing.id, version: filing.version, content: input.content, submittedAt: now.toISOString() },
    });
    return filing;
  }

  async accept(input: AcceptFilingInput): Promise<Filing> {
    this.assertServed(input.nodeId);
    return this.transactions.run(async (tx) => {
      const link = await this.load(tx.manager, input.nodeId, input.filingId, FilingCopy.Reviewer);
      return this.links.decide(tx, link, FilingEvent.Accept, input.note ?? null);
    });
  }

  /**
   * Sends a version back with reasons. `mustActNodeId` names the level that must act when it lies
   * below the filer; the return then travels down, reopening each accepted filing on the way.
   */
  async return(input: ReturnFilingInput): Promise<Filing> {
    this.assertServed(input.nodeId);
    return this.transactions.run(async (tx) => {
      const link = await this.load(tx.manager, input.nodeId, input.filingId, FilingCopy.Reviewer);
      const mustAct = input.mustActNodeId ?? link.filerNodeId;
      this.assertMustAct(link, mustAct);
      assertFilingCan(link.status, FilingEvent.Return);
      if (link.status === FilingStatus.Accepted && link.parentFilingId) {
        const own = await this.links.find(tx.manager, input.nodeId, link.parentFilingId);
        if (own && (own.status === FilingStatus.Submitted || own.status === FilingStatus.Accepted)) {
          throw new FilingException(FilingErrorCode.ParentLocked, `this filing is part of your consolidated filing, which is ${own.status}: it can be reopened only after your own filing is returned`);
        }
      }
      return this.links.decide(tx, link, FilingEvent.Return, input.reasons, { reasons: input.reasons, mustActNodeId: mustAct, returnedBy: input.nodeId });
    });
  }

  private assertMustAct(link: Filing, mustAct: string): void {
    const registry = this.host.registry;
    if (!registry.has(mustAct) || !registry.inSubtree(link.filerNodeId, mustAct)) {
      throw new FilingException(FilingErrorCode.InvalidMustAct, `${mustAct} is not ${link.filerNodeId} or a level below it`);
    }
    if (mustAct !== link.filerNodeId && !link.consolidated) {
      throw new FilingException(FilingErrorCode.InvalidMustAct, 'only a consolidated filing can be returned to a level below its filer');
    }
  }

  private async load(manager: EntityManager, nodeId: string, id: string, as: FilingCopy): Promise<Filing> {
    const filing = await this.links.find(manager, nodeId, id);
    if (!filing || copyOf(filing) === FilingCopy.Observer) throw new FilingException(FilingErrorCode.NotFound, `node ${nodeId} has no filing ${id}`);
    if (copyOf(filing) !== as) {
      const [code, role] = as === FilingCopy.Filer ? [FilingErrorCode.NotFiler, 'its filer'] : [FilingErrorCode.NotReviewer, 'its reviewer'];
      throw new FilingException(code, `only ${role} can do this; node ${nodeId} is not`);
    }
    return filing;
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new FilingException(FilingErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}`);
  }
}
