import { DeliveryContext, FilingRequestedPayload, InvalidPayloadError, MessageType, Registry } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DeadlineKind } from '../deadlines/deadline.enums';
import { DeadlineTracker } from '../deadlines/deadline-tracker.service';
import { isLocalDate } from '../deadlines/local-date';
import { Filing } from './filing.entity';
import { FilingKind, FilingStatus } from './filing.enums';
import { FilingLinks } from './filing-links';
import { FilingEvent, nextFilingStatus } from './filing-state';
import { FilingDecision, FilingVersion } from './filing-version.entity';

const KINDS = new Set<string>(Object.values(FilingKind));
const STATUSES = new Set<string>(Object.values(FilingStatus));

/**
 * What filing messages do where they arrive. Each re-reads the link and returns early when the
 * message is already reflected (a redelivery) or overtaken.
 */
@Injectable()
export class FilingDelivery {
  constructor(
    private readonly registry: Registry,
    private readonly links: FilingLinks,
    private readonly deadlines: DeadlineTracker,
  ) {}

  /** At the child: the filing is owed by its due date; a consolidated one is asked of the grandchildren too. */
  async requested(ctx: DeliveryContext<typeof MessageType.FilingRequested>): Promise<void> {
    const { payload, node } = ctx;
    this.assertFromParent(ctx);
    if (!KINDS.has(payload.kind) || !isLocalDate(payload.dueOn)) throw new InvalidPayloadError(`filing request with kind ${payload.kind} and due date ${payload.dueOn}`);
    if (await ctx.manager.findOneBy(Filing, { nodeId: node.id, id: payload.filingId })) return;
    const requestedAt = new Date(payload.requestedAt);
    await ctx.manager.insert(Filing, {
      nodeId: node.id,
      id: payload.filingId,
      chainId: payload.chainId,
      parentFilingId: payload.parentFilingId,
      filerNodeId: node.id,
      reviewerNodeId: ctx.envelope.from,
      kind: payload.kind as FilingKind,
      title: payload.title,
      dueOn: payload.dueOn,
      consolidated: payload.consolidated,
      status: FilingStatus.Requested,
      version: 0,
      revision: 1,
      firstSubmittedAt: null,
      requestedAt,
      updatedAt: new Date(),
      returnReasons: null,
      returnedBy: null,
      mustActNodeId: null,
    });
    await this.deadlines.track(ctx, node.id, { kind: DeadlineKind.Filing, recordId: payload.filingId, subjectId: payload.filingId, title: payload.title, dueOn: payload.dueOn });
    if (payload.consolidated) {
      await this.links.requestFromChildren(ctx, node.id, { ...this.spec(payload), parentFilingId: payload.filingId }, requestedAt);
    }
  }

  /** At the parent: a filing the child started itself waits for review, as if it had been asked for. */
  async filed(ctx: DeliveryContext<typeof MessageType.FilingFiled>): Promise<void> {
    const { payload, node, envelope } = ctx;
    if (this.registry.parent(envelope.origin)?.id !== node.id) throw new InvalidPayloadError(`${envelope.origin} files only with its parent, not ${node.id}`);
    if (!isLocalDate(payload.dueOn)) throw new InvalidPayloadError(`filing ${payload.filingId} has no valid due date`);
    if (await ctx.manager.existsBy(Filing, { nodeId: node.id, id: payload.filingId })) return;
    const submittedAt = new Date(payload.submittedAt);
    const link = Object.assign(new Filing(), {
      nodeId: node.id,
      id: payload.filingId,
      chainId: payload.chainId,
      parentFilingId: null,
      filerNodeId: envelope.origin,
      reviewerNodeId: node.id,
      kind: payload.kind as FilingKind,
      title: payload.title,
      dueOn: payload.dueOn,
      consolidated: false,
      status: FilingStatus.Submitted,
      version: 1,
      revision: 1,
      firstSubmittedAt: submittedAt,
      requestedAt: submittedAt,
      updatedAt: new Date(),
      returnReasons: null,
      returnedBy: null,
      mustActNodeId: null,
    });
    await ctx.manager.insert(Filing, link);
    await ctx.manager.insert(FilingVersion, { nodeId: node.id, filingId: link.id, version: 1, content: payload.content, submittedAt, decision: null, decidedAt: null, remarks: null });
    await this.links.reportProgress(ctx, link);
  }

  /** At the reviewer: a new version waits for review. */
  async submitted(ctx: DeliveryContext<typeof MessageType.FilingSubmitted>): Promise<void> {
    const { payload, node } = ctx;
    const link = await this.reviewerCopy(ctx, payload.filingId);
    if (payload.version <= link.version) return;
    if (payload.version !== link.version + 1) throw new InvalidPayloadError(`filing ${link.id} version ${payload.version} skips version ${link.version + 1}`);
    const submittedAt = new Date(payload.submittedAt);
    Object.assign(link, {
      status: this.transition(link, FilingEvent.Submit),
      version: payload.version,
      revision: link.revision + 1,
      firstSubmittedAt: link.firstSubmittedAt ?? submittedAt,
      updatedAt: new Date(),
      returnReasons: null,
      returnedBy: null,
      mustActNodeId: null,
    });
    await ctx.manager.save(link);
    await ctx.manager.insert(FilingVersion, { nodeId: node.id, filingId: link.id, version: link.version, content: payload.content, submittedAt, decision: null, decidedAt: null, remarks: null });
    await this.links.reportProgress(ctx, link);
  }

  /** At the filer: the version is filed and locked. */
  async accepted(ctx: DeliveryContext<typeof MessageType.FilingAccepted>): Promise<void> {
    const { payload } = ctx;
    const filing = await this.filerCopy(ctx, payload.filingId);
    if (payload.version !== filing.version || filing.status !== FilingStatus.Submitted) return;
    await this.decideOwn(ctx, filing, FilingEvent.Accept, payload.note, new Date(payload.acceptedAt));
  }

  /**
   * At the filer: the version comes back. When a level further down must act, this level reopens
   * the filing it accepted from the child on the way and passes the return on (统一领导、分级负责).
   */
  async returned(ctx: DeliveryContext<typeof MessageType.FilingReturned>): Promise<void> {
    const { payload, node } = ctx;
    const filing = await this.filerCopy(ctx, payload.filingId);
    if (payload.version !== filing.version || filing.status === FilingStatus.Returned || filing.status === FilingStatus.Requested) return;
    if (!this.registry.has(payload.mustActNodeId) || !this.registry.inSubtree(node.id, payload.mustActNodeId)) {
      throw new InvalidPayloadError(`return of filing ${filing.id} names ${payload.mustActNodeId}, which is not ${node.id} or below it`);
    }
    Object.assign(filing, { returnReasons: payload.reasons, mustActNodeId: payload.mustActNodeId, returnedBy: payload.returnedBy });
    await this.decideOwn(ctx, filing, FilingEvent.Return, payload.reasons, new Date(payload.returnedAt));
    if (payload.mustActNodeId === node.id) return;
    const child = this.registry.nextHop(node.id, payload.mustActNodeId).node.id;
    const feeder = (await this.links.feeders(ctx.manager, node.id, filing.id)).find((link) => link.filerNodeId === child);
    if (!feeder || (feeder.status !== FilingStatus.Submitted && feeder.status !== FilingStatus.Accepted)) return;
    const locked = await this.links.find(ctx.manager, node.id, feeder.id);
    await this.links.decide(ctx, locked!, FilingEvent.Return, payload.reasons, { reasons: payload.reasons, mustActNodeId: payload.mustActNodeId, returnedBy: payload.returnedBy });
  }

  /** At each ancestor of the reviewer: a content-free copy of the link. */
  async progress(ctx: DeliveryContext<typeof MessageType.FilingProgress>): Promise<void> {
    const { payload, node, envelope } = ctx;
    if (envelope.origin !== payload.reviewerNodeId || this.registry.parent(payload.filerNodeId)?.id !== payload.reviewerNodeId) {
      throw new InvalidPayloadError(`progress of filing ${payload.filingId} must come from the filer's parent`);
    }
    if (!this.registry.isAncestor(node.id, payload.reviewerNodeId)) throw new InvalidPayloadError(`${node.id} is not above ${payload.reviewerNodeId}`);
    if (!KINDS.has(payload.kind) || !STATUSES.has(payload.status) || !isLocalDate(payload.dueOn)) throw new InvalidPayloadError(`filing progress with kind ${payload.kind}, status ${payload.status}`);
    await ctx.manager.query(
      `INSERT INTO filing (node_id, id, chain_id, parent_filing_id, filer_node_id, reviewer_node_id, kind, title, due_on, consolidated, status, version, revision, first_submitted_at, requested_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
       ON CONFLICT (node_id, id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, revision = EXCLUDED.revision,
         first_submitted_at = EXCLUDED.first_submitted_at, updated_at = EXCLUDED.updated_at
       WHERE filing.revision < EXCLUDED.revision`,
      [node.id, payload.filingId, payload.chainId, payload.parentFilingId, payload.filerNodeId, payload.reviewerNodeId, payload.kind, payload.title, payload.dueOn, payload.consolidated, payload.status, payload.version, payload.revision, payload.firstSubmittedAt, payload.updatedAt],
    );
  }

  private async decideOwn(ctx: DeliveryContext, filing: Filing, event: FilingEvent, remarks: string | null, decidedAt: Date): Promise<void> {
    filing.status = this.transition(filing, event);
    filing.updatedAt = new Date();
    await ctx.manager.save(filing);
    const decision = event === FilingEvent.Accept ? FilingDecision.Accepted : FilingDecision.Returned;
    await ctx.manager.update(FilingVersion, { nodeId: filing.nodeId, filingId: filing.id, version: filing.version }, { decision, decidedAt, remarks });
  }

  private transition(filing: Filing, event: FilingEvent): FilingStatus {
    try {
      return nextFilingStatus(filing.status, event);
    } catch (error) {
      throw new InvalidPayloadError(`filing ${filing.id}: ${(error as Error).message}`);
    }
  }

  private async reviewerCopy(ctx: DeliveryContext<typeof MessageType.FilingSubmitted>, filingId: string): Promise<Filing> {
    const link = await this.links.find(ctx.manager, ctx.node.id, filingId);
    if (!link || link.reviewerNodeId !== ctx.node.id || link.filerNodeId !== ctx.envelope.origin) {
      throw new InvalidPayloadError(`node ${ctx.node.id} asked ${ctx.envelope.origin} for no filing ${filingId}`);
    }
    return link;
  }

  private async filerCopy(ctx: DeliveryContext<typeof MessageType.FilingAccepted | typeof MessageType.FilingReturned>, filingId: string): Promise<Filing> {
    this.assertFromParent(ctx);
    const filing = await this.links.find(ctx.manager, ctx.node.id, filingId);
    if (!filing || filing.filerNodeId !== ctx.node.id) throw new InvalidPayloadError(`node ${ctx.node.id} holds no filing ${filingId}`);
    return filing;
  }

  private assertFromParent(ctx: DeliveryContext): void {
    if (ctx.envelope.origin !== this.registry.parent(ctx.node.id)?.id) throw new InvalidPayloadError(`filing decisions for ${ctx.node.id} come only from its parent, not ${ctx.envelope.origin}`);
  }

  private spec(payload: FilingRequestedPayload) {
    return { chainId: payload.chainId, kind: payload.kind as FilingKind, title: payload.title, dueOn: payload.dueOn, consolidated: payload.consolidated };
  }
}
