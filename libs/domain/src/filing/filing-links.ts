import { MessageType, Registry, UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Filing } from './filing.entity';
import { FilingKind, FilingStatus } from './filing.enums';
import { FilingEvent, nextFilingStatus } from './filing-state';
import { FilingDecision, FilingVersion } from './filing-version.entity';

export interface FilingRequestSpec {
  chainId: string;
  parentFilingId: string | null;
  kind: FilingKind;
  title: string;
  dueOn: string;
  consolidated: boolean;
}

export interface ReturnSpec {
  reasons: string;
  mustActNodeId: string;
  returnedBy: string;
}

/**
 * The reviewer's side of a link, shared by what a user does and what a message brings: asking the
 * children, deciding on a version, and telling the ancestors. Messages to the parent go before those
 * to the children (ascending node ids, the channel lock order).
 */
@Injectable()
export class FilingLinks {
  constructor(private readonly registry: Registry) {}

  find(manager: EntityManager, nodeId: string, id: string): Promise<Filing | null> {
    return manager.findOne(Filing, { where: { nodeId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The links feeding a consolidated filing, as its filer reviews them. */
  feeders(manager: EntityManager, nodeId: string, filingId: string): Promise<Filing[]> {
    return manager.find(Filing, { where: { nodeId, parentFilingId: filingId, reviewerNodeId: nodeId }, order: { filerNodeId: 'ASC' } });
  }

  async requestFromChildren(work: UnitOfWork, reviewerNodeId: string, spec: FilingRequestSpec, now = new Date()): Promise<Filing[]> {
    const links = this.registry.children(reviewerNodeId).map((child) =>
      Object.assign(new Filing(), {
        nodeId: reviewerNodeId,
        id: randomUUID(),
        ...spec,
        filerNodeId: child.id,
        reviewerNodeId,
        status: FilingStatus.Requested,
        version: 0,
        revision: 1,
        firstSubmittedAt: null,
        requestedAt: now,
        updatedAt: now,
        returnReasons: null,
        returnedBy: null,
        mustActNodeId: null,
      }),
    );
    if (links.length === 0) return links;
    await work.manager.insert(Filing, links);
    for (const link of links) await this.reportProgress(work, link);
    for (const link of links) {
      work.emit({
        type: MessageType.FilingRequested,
        from: reviewerNodeId,
        destination: link.filerNodeId,
        correlationId: spec.chainId,
        payload: { filingId: link.id, ...spec, requestedAt: now.toISOString() },
      });
    }
    return links;
  }

  /** Accepts or returns the version under review (or reopens an accepted one) and tells the filer. */
  async decide(work: UnitOfWork, link: Filing, event: FilingEvent.Accept | FilingEvent.Return, remarks: string | null, back?: ReturnSpec): Promise<Filing> {
    const now = new Date();
    link.status = nextFilingStatus(link.status, event);
    link.revision += 1;
    link.updatedAt = now;
    link.returnReasons = back?.reasons ?? null;
    link.mustActNodeId = back?.mustActNodeId ?? null;
    link.returnedBy = back?.returnedBy ?? null;
    await work.manager.save(link);
    const decision = event === FilingEvent.Accept ? FilingDecision.Accepted : FilingDecision.Returned;
    await work.manager.update(FilingVersion, { nodeId: link.nodeId, filingId: link.id, version: link.version }, { decision, decidedAt: now, remarks });
    await this.reportProgress(work, link);
    if (back) {
      work.emit({
        type: MessageType.FilingReturned,
        from: link.reviewerNodeId,
        destination: link.filerNodeId,
        correlationId: link.chainId,
        payload: { filingId: link.id, version: link.version, ...back, returnedAt: now.toISOString() },
      });
    } else {
      work.emit({
        type: MessageType.FilingAccepted,
        from: link.reviewerNodeId,
        destination: link.filerNodeId,
        correlationId: link.chainId,
        payload: { filingId: link.id, version: link.version, acceptedAt: now.toISOString(), note: remarks },
      });
    }
    return link;
  }

  /** Tells every ancestor of the reviewer how the link stands, so each sees the chain below it. */
  async reportProgress(work: UnitOfWork, link: Filing): Promise<void> {
    const root = this.registry.ancestors(link.reviewerNodeId).at(-1);
    if (!root) return;
    work.emit({
      type: MessageType.FilingProgress,
      from: link.reviewerNodeId,
      destination: root.id,
      correlationId: link.chainId,
      payload: {
        filingId: link.id,
        chainId: link.chainId,
        parentFilingId: link.parentFilingId,
        filerNodeId: link.filerNodeId,
        reviewerNodeId: link.reviewerNodeId,
        kind: link.kind,
        title: link.title,
        dueOn: link.dueOn,
        consolidated: link.consolidated,
        status: link.status,
        version: link.version,
        revision: link.revision,
        firstSubmittedAt: link.firstSubmittedAt?.toISOString() ?? null,
        updatedAt: link.updatedAt.toISOString(),
      },
    });
  }
}
