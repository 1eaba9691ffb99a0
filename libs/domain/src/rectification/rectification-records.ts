import { HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { compareDates, localDateOf } from '../deadlines/local-date';
import { Rectification } from './rectification.entity';
import { RectificationErrorCode, RectificationException } from './rectification.exception';

export enum RectificationSide {
  Supervising = 'supervising',
  Inspected = 'inspected',
}

/** Loading a rectification for one side of it, and the checks every act on it shares. */
@Injectable()
export class RectificationRecords {
  constructor(private readonly host: HostContext) {}

  async load(manager: EntityManager, nodeId: string, id: string, side: RectificationSide): Promise<Rectification> {
    this.assertServed(nodeId);
    const record = await manager.findOne(Rectification, { where: { nodeId, id }, lock: { mode: 'pessimistic_write' } });
    if (!record) throw new RectificationException(RectificationErrorCode.NotFound, `node ${nodeId} has no rectification ${id}`);
    if (side === RectificationSide.Supervising && record.supervisingNodeId !== nodeId) {
      throw new RectificationException(RectificationErrorCode.NotSupervising, `only ${record.supervisingNodeId}, which sent the inspection team, can do this`);
    }
    if (side === RectificationSide.Inspected && record.inspectedNodeId !== nodeId) {
      throw new RectificationException(RectificationErrorCode.NotInspected, `only ${record.inspectedNodeId}, the inspected organisation's node, can do this`);
    }
    return record;
  }

  /** Dates of things that happened cannot lie in the future. */
  assertNotFuture(date: string, what: string): void {
    if (compareDates(date, localDateOf(new Date())) > 0) throw new RectificationException(RectificationErrorCode.InvalidDate, `${what} ${date} lies in the future`);
  }

  assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new RectificationException(RectificationErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}: ask its own host`);
  }
}

export function sideOf(record: Rectification): RectificationSide {
  return record.nodeId === record.supervisingNodeId ? RectificationSide.Supervising : RectificationSide.Inspected;
}

/** What a deadline is called wherever it is listed. */
export function deadlineTitle(record: Pick<Rectification, 'organisation'>, what: string): string {
  const title = `${record.organisation}：${what}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}
