import { HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { chainPosition } from './approval-chain';
import { Filing, FilingCopy, copyOf } from './filing.entity';
import { FilingStatus } from './filing.enums';
import { FilingErrorCode, FilingException } from './filing.exception';
import { ChainLinkView, FilingDetail, FilingRate, FilingView } from './filing.types';
import { FilingVersion } from './filing-version.entity';
import { onTimeRate } from './on-time-rate';

export interface FilingFilter {
  side?: FilingCopy;
  chainId?: string;
  statuses?: FilingStatus[];
}

/** Reads of filings and chains, each from the asking node's own copies. */
@Injectable()
export class FilingQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
  ) {}

  async list(nodeId: string, filter: FilingFilter): Promise<FilingView[]> {
    this.assertServed(nodeId);
    const where: FindOptionsWhere<Filing> = { nodeId };
    if (filter.chainId) where.chainId = filter.chainId;
    if (filter.statuses?.length) where.status = In(filter.statuses);
    if (filter.side === FilingCopy.Filer) where.filerNodeId = nodeId;
    if (filter.side === FilingCopy.Reviewer) where.reviewerNodeId = nodeId;
    const filings = await this.dataSource.manager.find(Filing, { where, order: { dueOn: 'ASC', requestedAt: 'ASC', filerNodeId: 'ASC' }, take: 500 });
    return filings.filter((filing) => !filter.side || copyOf(filing) === filter.side).map(toView);
  }

  async detail(nodeId: string, id: string): Promise<FilingDetail> {
    this.assertServed(nodeId);
    const filing = await this.dataSource.manager.findOneBy(Filing, { nodeId, id });
    if (!filing) throw new FilingException(FilingErrorCode.NotFound, `node ${nodeId} has no filing ${id}`);
    const versions = await this.dataSource.manager.find(FilingVersion, { where: { nodeId, filingId: id }, order: { version: 'DESC' } });
    return {
      filing: toView(filing),
      versions: versions.map((v) => ({ ...v, decision: v.decision ?? undefined, decidedAt: v.decidedAt ?? undefined, remarks: v.remarks ?? undefined })),
    };
  }

  /** Every link of the chain the node can see — its own filing, its children's, its subtree's — with who waits on whom. */
  async chain(nodeId: string, chainId: string): Promise<ChainLinkView[]> {
    this.assertServed(nodeId);
    const links = await this.dataSource.manager.find(Filing, { where: { nodeId, chainId }, order: { reviewerNodeId: 'ASC', filerNodeId: 'ASC' } });
    if (links.length === 0) throw new FilingException(FilingErrorCode.NotFound, `node ${nodeId} sees no approval chain ${chainId}`);
    return links.map((link) => {
      const position = chainPosition(link, links);
      return {
        filingId: link.id,
        parentFilingId: link.parentFilingId ?? undefined,
        filerNodeId: link.filerNodeId,
        reviewerNodeId: link.reviewerNodeId,
        title: link.title,
        dueOn: link.dueOn,
        status: link.status,
        version: link.version,
        waitingOn: position.waitingOn ?? undefined,
        blockedBy: position.blockedBy,
        updatedAt: link.updatedAt,
      };
    });
  }

  async rates(nodeId: string, now = new Date()): Promise<FilingRate[]> {
    this.assertServed(nodeId);
    const filings = await this.dataSource.manager.find(Filing, { where: { nodeId, reviewerNodeId: nodeId } });
    return this.host.registry.children(nodeId).map((child) => ({
      childNodeId: child.id,
      ...withoutNull(onTimeRate(filings.filter((filing) => filing.filerNodeId === child.id), now)),
    }));
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new FilingException(FilingErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}: ask its own host`);
  }
}

function withoutNull<T extends { rate: number | null }>(value: T): Omit<T, 'rate'> & { rate?: number } {
  return { ...value, rate: value.rate ?? undefined };
}

export function toView(filing: Filing): FilingView {
  return {
    id: filing.id,
    chainId: filing.chainId,
    parentFilingId: filing.parentFilingId ?? undefined,
    filerNodeId: filing.filerNodeId,
    reviewerNodeId: filing.reviewerNodeId,
    side: copyOf(filing),
    kind: filing.kind,
    title: filing.title,
    dueOn: filing.dueOn,
    consolidated: filing.consolidated,
    status: filing.status,
    version: filing.version,
    firstSubmittedAt: filing.firstSubmittedAt ?? undefined,
    returnReasons: filing.returnReasons ?? undefined,
    returnedBy: filing.returnedBy ?? undefined,
    mustActNodeId: filing.mustActNodeId ?? undefined,
    updatedAt: filing.updatedAt,
  };
}
