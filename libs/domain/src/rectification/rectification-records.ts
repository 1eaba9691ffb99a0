import { AuthErrorCode, AuthException, HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { compareDates, localDateOf } from '../deadlines/local-date';
import { Rectification } from './rectification.entity';
import { RectificationErrorCode, RectificationException } from './rectification.exception';

/** Who acts on the inspected side: the node's office, or a caller scoped to one organisation. */
export interface RectificationActor {
  organisationId?: string;
}

export enum RectificationSide {
  Supervising = 'supervising',
  Inspected = 'inspected',
}

/** Loading a rectification for one side of it, and the checks every act on it shares. */
@Injectable()
export class RectificationRecords {
  constructor(private readonly host: HostContext) {}

  async load(manager: EntityManager, nodeId: string, id: string, side: RectificationSide, actor: RectificationActor = {}): Promise<Rectification> {
    this.assertServed(nodeId);
    const record = await manager.findOne(Rectification, { where: { nodeId, id }, lock: { mode: 'pessimistic_write' } });
    if (!record) throw new RectificationException(RectificationErrorCode.NotFound, `node ${nodeId} has no rectification ${id}`);
    if (side === RectificationSide.Supervising && record.supervisingNodeId !== nodeId) {
      throw new RectificationException(RectificationErrorCode.NotSupervising, `only ${record.supervisingNodeId}, which sent the inspection team, can do this`);
    }
    if (side === RectificationSide.Inspected && record.inspectedNodeId !== nodeId) {
      throw new RectificationException(RectificationErrorCode.NotInspected, `only ${record.inspectedNodeId}, the inspected organisation's node, can do this`);
    }
    if (side === RectificationSide.Inspected) this.assertActor(record, actor);
    return record;
  }

  /**
   * The inspected side is the organisation's: a caller scoped to it, or the office of its own
   * region node (a county committee's). An organisation without a node acts through its own callers.
   */
  assertActor(record: Rectification, actor: RectificationActor): void {
    if (actor.organisationId) {
      if (record.organisationId !== actor.organisationId) throw new AuthException(AuthErrorCode.OrganisationScoped, `rectification ${record.id} is not of organisation ${actor.organisationId}`);
      return;
    }
    if (record.organisationId && record.organisationNodeId !== record.inspectedNodeId) {
      throw new RectificationException(RectificationErrorCode.OrganisationActs, `${record.organisation} has no node of its own: its rectification is done by its own callers (role inspected_organisation)`);
    }
  }

  /** A caller scoped to an organisation reads its own rectifications alone. */
  assertReadable(record: Pick<Rectification, 'id' | 'organisationId'>, actor: RectificationActor): void {
    if (actor.organisationId && record.organisationId !== actor.organisationId) {
      throw new AuthException(AuthErrorCode.OrganisationScoped, `rectification ${record.id} is not of organisation ${actor.organisationId}`);
    }
  }

  /** Dates of things that happened cannot lie in the future. */
  assertNotFuture(date: string, what: string): void {
    if (compareDates(date, localDateOf(new Date())) > 0) throw new RectificationException(RectificationErrorCode.InvalidDate, `${what} ${date} lies in the future`);
  }

  assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new RectificationException(RectificationErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}: ask its own host`);
  }
}

export function sideOf(record: Rectification, actor: RectificationActor = {}): RectificationSide {
  return record.nodeId === record.supervisingNodeId && !actor.organisationId ? RectificationSide.Supervising : RectificationSide.Inspected;
}

/** One row is both sides: the organisation is served at the very node that supervises it. */
export function isSingleCopy(record: Pick<Rectification, 'supervisingNodeId' | 'inspectedNodeId'>): boolean {
  return record.supervisingNodeId === record.inspectedNodeId;
}

/** What a deadline is called wherever it is listed. */
export function deadlineTitle(record: Pick<Rectification, 'organisation'>, what: string): string {
  const title = `${record.organisation}：${what}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}
