import { Caller, FederationTransactions, HostContext, MessageType, Role, SealedContent, UnitOfWork, clueContentContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-chain';
import { AuditService } from '../audit/audit.service';
import { localDateOf } from '../deadlines/local-date';
import { ClueStatus } from './clue.enums';
import { ClueErrorCode, ClueException } from './clue.exception';
import { clueDestination } from './clue-routing';
import { nextClueStatus } from './clue-state';
import { ClueContentView } from './clue.types';
import { DisposeClueInput, RecordClueInput, TransferClueInput } from './dto/clue.inputs';
import { ProblemClue, ProblemClueContent } from './problem-clue.entity';

/**
 * 问题线索: recorded where found, transferred to the discipline organ of the level that manages the
 * cadre, disposed of there and reported back down. Every status change of the origin's record goes
 * up to central as counts and statuses, never content.
 */
@Injectable()
export class ProblemClueService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
    private readonly audit: AuditService,
    private readonly sealing: SealedContent,
  ) {}

  async record(input: RecordClueInput): Promise<ProblemClue> {
    this.assertServed(input.nodeId);
    const now = new Date();
    const clue = Object.assign(new ProblemClue(), {
      nodeId: input.nodeId,
      id: randomUUID(),
      reference: `XS-${input.nodeId}-${localDateOf(now).replace(/-/g, '')}-${randomBytes(2).toString('hex').toUpperCase()}`,
      originNodeId: input.nodeId,
      holderNodeId: input.nodeId,
      managedBy: input.managedBy,
      status: ClueStatus.Recorded,
      revision: 1,
      recordedAt: now,
      statusChangedAt: now,
    });
    return this.transactions.run(async (tx) => {
      await tx.manager.insert(ProblemClue, clue);
      await tx.manager.insert(ProblemClueContent, { nodeId: input.nodeId, clueId: clue.id, cadreName: input.cadreName, cadrePosition: input.cadrePosition, allegation: input.allegation, source: input.source });
      await this.reportUp(tx, clue);
      return clue;
    });
  }

  /**
   * Hands the clue to the discipline organ that must hold it. Upward, the content leaves this node
   * sealed to the holder: the levels in between never see it.
   */
  async transfer(input: TransferClueInput): Promise<ProblemClue> {
    this.assertServed(input.nodeId);
    return this.transactions.run(async (tx) => {
      const clue = await this.load(tx.manager, input.nodeId, input.clueId);
      if (clue.originNodeId !== input.nodeId) throw new ClueException(ClueErrorCode.NotOrigin, `only the node that recorded clue ${clue.reference} transfers it`);
      clue.status = nextClueStatus(clue.status, ClueStatus.Transferred);
      const registry = this.host.registry;
      clue.holderNodeId = clueDestination(registry.node(clue.originNodeId), registry.ancestors(clue.originNodeId), clue.managedBy);
      clue.revision += 1;
      clue.statusChangedAt = new Date();
      await tx.manager.save(clue);
      await this.reportUp(tx, clue);
      if (clue.holderNodeId !== clue.originNodeId) {
        const content = await tx.manager.findOneByOrFail(ProblemClueContent, { nodeId: input.nodeId, clueId: clue.id });
        await tx.manager.delete(ProblemClueContent, { nodeId: input.nodeId, clueId: clue.id });
        const { nodeId: _n, clueId: _c, ...body } = content;
        const sealed = this.sealing.seal({ from: clue.originNodeId, to: clue.holderNodeId, context: clueContentContext(clue.id) }, body);
        tx.emit({
          type: MessageType.ClueTransferred,
          from: clue.originNodeId,
          destination: clue.holderNodeId,
          correlationId: clue.id,
          payload: {
            clueId: clue.id,
            reference: clue.reference,
            originNodeId: clue.originNodeId,
            managedBy: clue.managedBy,
            content: sealed,
            revision: clue.revision,
            recordedAt: clue.recordedAt.toISOString(),
            transferredAt: clue.statusChangedAt.toISOString(),
          },
        });
      }
      return clue;
    });
  }

  /** The holding discipline organ moves the disposal on; the origin hears of it. */
  async dispose(input: DisposeClueInput): Promise<ProblemClue> {
    this.assertServed(input.nodeId);
    return this.transactions.run(async (tx) => {
      const clue = await this.load(tx.manager, input.nodeId, input.clueId);
      if (clue.holderNodeId !== input.nodeId) throw new ClueException(ClueErrorCode.NotHolder, `clue ${clue.reference} is held by ${clue.holderNodeId}, not ${input.nodeId}`);
      clue.status = nextClueStatus(clue.status, input.status);
      clue.revision += 1;
      clue.statusChangedAt = new Date();
      await tx.manager.save(clue);
      if (clue.originNodeId === input.nodeId) {
        await this.reportUp(tx, clue);
      } else {
        tx.emit({
          type: MessageType.ClueDisposed,
          from: input.nodeId,
          destination: clue.originNodeId,
          correlationId: clue.id,
          payload: { clueId: clue.id, status: clue.status, revision: clue.revision, changedAt: clue.statusChangedAt.toISOString() },
        });
      }
      return clue;
    });
  }

  /**
   * The only read of clue content: the discipline organ of the node holding it, nobody else. Kept in
   * one place so that auditing confidential reads hooks in here.
   */
  async readContent(caller: Caller, nodeId: string, clueId: string): Promise<ClueContentView> {
    this.assertServed(nodeId);
    if (caller.nodeId !== nodeId || !caller.roles.includes(Role.Discipline)) {
      throw new ClueException(ClueErrorCode.ContentRestricted, 'clue content is confidential: only the discipline organ of the node holding the clue may read it');
    }
    const manager = this.dataSource.manager;
    const clue = await manager.findOneBy(ProblemClue, { nodeId, id: clueId });
    if (!clue) throw new ClueException(ClueErrorCode.NotFound, `node ${nodeId} has no clue ${clueId}`);
    const content = clue.holderNodeId === nodeId ? await manager.findOneBy(ProblemClueContent, { nodeId, clueId }) : null;
    if (!content) {
      throw new ClueException(ClueErrorCode.ContentRestricted, `clue ${clue.reference} is held by ${clue.holderNodeId}: only its discipline organ may read the content`);
    }
    const { nodeId: _n, ...body } = content;
    // Confidential data leaves a trace before it leaves the host: no audit row, no content.
    await this.audit.append({ nodeId, caller, action: AuditAction.ConfidentialRead, operation: 'Query.problemClueContent', target: `clue=${clueId} reference=${clue.reference}`, outcome: AuditOutcome.Ok });
    return { ...body, reference: clue.reference };
  }

  /** The origin's record changed: every level above learns the status (never the content). */
  async reportUp(work: UnitOfWork, clue: ProblemClue): Promise<void> {
    const root = this.host.registry.ancestors(clue.originNodeId).at(-1);
    if (!root) return;
    work.emit({
      type: MessageType.ClueStatus,
      from: clue.originNodeId,
      destination: root.id,
      correlationId: clue.id,
      payload: {
        clueId: clue.id,
        reference: clue.reference,
        originNodeId: clue.originNodeId,
        holderNodeId: clue.holderNodeId,
        managedBy: clue.managedBy,
        status: clue.status,
        revision: clue.revision,
        recordedAt: clue.recordedAt.toISOString(),
        changedAt: clue.statusChangedAt.toISOString(),
      },
    });
  }

  private async load(manager: EntityManager, nodeId: string, id: string): Promise<ProblemClue> {
    const clue = await manager.findOne(ProblemClue, { where: { nodeId, id }, lock: { mode: 'pessimistic_write' } });
    if (!clue) throw new ClueException(ClueErrorCode.NotFound, `node ${nodeId} has no clue ${id}`);
    return clue;
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new ClueException(ClueErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}: ask its own host`);
  }
}
