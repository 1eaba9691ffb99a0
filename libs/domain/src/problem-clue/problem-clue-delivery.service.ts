import { DeliveryContext, InvalidPayloadError, MessageType, Registry, SealedBoxError, SealedContent, Tier, clueContent, clueContentContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { ClueStatus } from './clue.enums';
import { clueDestination } from './clue-routing';
import { ProblemClue, ProblemClueContent } from './problem-clue.entity';
import { ProblemClueService } from './problem-clue.service';

const STATUSES = new Set<string>(Object.values(ClueStatus));
const TIERS = new Set<string>(Object.values(Tier));

/** What clue messages do where they arrive; each returns early on a redelivery or an older revision. */
@Injectable()
export class ProblemClueDelivery {
  constructor(
    private readonly registry: Registry,
    private readonly clues: ProblemClueService,
    private readonly sealing: SealedContent,
  ) {}

  /** At the level that manages the cadre: the clue and its content, opened here and only here, are held here now. */
  async transferred({ manager, node, envelope, payload }: DeliveryContext<typeof MessageType.ClueTransferred>): Promise<void> {
    if (envelope.origin !== payload.originNodeId || !TIERS.has(payload.managedBy)) throw new InvalidPayloadError(`clue ${payload.clueId} must come from the node that recorded it`);
    const origin = this.registry.node(payload.originNodeId);
    if (clueDestination(origin, this.registry.ancestors(origin.id), payload.managedBy as Tier) !== node.id) {
      throw new InvalidPayloadError(`a clue about a cadre managed at ${payload.managedBy} level does not belong to ${node.id}`);
    }
    const held = await manager.findOneBy(ProblemClueContent, { nodeId: node.id, clueId: payload.clueId });
    if (held) return;
    const { cadreName, cadrePosition, allegation, source } = this.open(node.id, payload);
    await manager.query(
      `INSERT INTO problem_clue (node_id, id, reference, origin_node_id, holder_node_id, managed_by, status, revision, recorded_at, status_changed_at)
       VALUES ($1, $2, $3, $4, $1, $5, $6, $7, $8, $9)
       ON CONFLICT (node_id, id) DO UPDATE SET holder_node_id = $1, status = EXCLUDED.status, revision = EXCLUDED.revision, status_changed_at = EXCLUDED.status_changed_at
       WHERE problem_clue.revision <= EXCLUDED.revision`,
      [node.id, payload.clueId, payload.reference, payload.originNodeId, payload.managedBy, ClueStatus.Transferred, payload.revision, payload.recordedAt, payload.transferredAt],
    );
    await manager.insert(ProblemClueContent, { nodeId: node.id, clueId: payload.clueId, cadreName, cadrePosition, allegation, source });
  }

  /**
   * A box that does not open can never apply here: it is dead-lettered with the reason. Sealed to a
   * key this host no longer holds, it applies on replay once the key is back in the registry and keys.
   */
  private open(nodeId: string, payload: DeliveryContext<typeof MessageType.ClueTransferred>['payload']) {
    try {
      return this.sealing.open({ from: payload.originNodeId, to: nodeId, context: clueContentContext(payload.clueId) }, payload.content, clueContent);
    } catch (error) {
      if (error instanceof SealedBoxError) throw new InvalidPayloadError(`the content of clue ${payload.clueId} does not open (${error.failure}): ${error.message}`);
      throw error;
    }
  }

  /** At the origin: the disposal reported back down; the origin passes the status up to every level. */
  async disposed(ctx: DeliveryContext<typeof MessageType.ClueDisposed>): Promise<void> {
    const { manager, node, envelope, payload } = ctx;
    const clue = await manager.findOne(ProblemClue, { where: { nodeId: node.id, id: payload.clueId }, lock: { mode: 'pessimistic_write' } });
    if (!clue || clue.originNodeId !== node.id || clue.holderNodeId !== envelope.origin) throw new InvalidPayloadError(`${envelope.origin} does not hold a clue ${payload.clueId} of ${node.id}`);
    if (!STATUSES.has(payload.status)) throw new InvalidPayloadError(`unknown clue status ${payload.status}`);
    if (payload.revision <= clue.revision) return;
    Object.assign(clue, { status: payload.status as ClueStatus, revision: payload.revision, statusChangedAt: new Date(payload.changedAt) });
    await manager.save(clue);
    await this.clues.reportUp(ctx, clue);
  }

  /** At every level above the origin: the status copy behind counts and lists. */
  async status({ manager, node, envelope, payload }: DeliveryContext<typeof MessageType.ClueStatus>): Promise<void> {
    if (envelope.origin !== payload.originNodeId || !this.registry.isAncestor(node.id, payload.originNodeId)) throw new InvalidPayloadError(`clue status of ${payload.originNodeId} must come from it and go up`);
    if (!STATUSES.has(payload.status) || !TIERS.has(payload.managedBy)) throw new InvalidPayloadError(`clue status ${payload.status} at ${payload.managedBy} level`);
    await manager.query(
      `INSERT INTO problem_clue (node_id, id, reference, origin_node_id, holder_node_id, managed_by, status, revision, recorded_at, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (node_id, id) DO UPDATE SET holder_node_id = EXCLUDED.holder_node_id, status = EXCLUDED.status, revision = EXCLUDED.revision, status_changed_at = EXCLUDED.status_changed_at
       WHERE problem_clue.revision < EXCLUDED.revision`,
      [node.id, payload.clueId, payload.reference, payload.originNodeId, payload.holderNodeId, payload.managedBy, payload.status, payload.revision, payload.recordedAt, payload.changedAt],
    );
  }
}
