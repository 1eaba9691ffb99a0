import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AfterCommit } from './after-commit';

type Listener = (nodes: ReadonlySet<string>) => void;

/**
 * Hops between two nodes of the same host: the outbox writes the receiver's inbox row in the
 * sender's own transaction (see OutboxService), and this tells the applier which nodes have news
 * once that transaction has committed, when the rows are visible to it. Nodes of a rolled-back
 * transaction are forgotten with it; a kick lost to a crash is made up by the applier's sweep.
 */
@Injectable()
export class LocalDeliveries {
  private readonly listeners: Listener[] = [];
  private readonly committed: AfterCommit<string>;

  constructor(dataSource: DataSource) {
    this.committed = new AfterCommit(dataSource, (nodes) => {
      const distinct = new Set(nodes);
      for (const listener of this.listeners) listener(distinct);
    });
  }

  onCommitted(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** `nodes` hold new inbox rows written through `manager`; they are announced at its commit. */
  queue(manager: EntityManager, nodes: string[]): void {
    this.committed.queue(manager, nodes);
  }
}
