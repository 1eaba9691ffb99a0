import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

type Listener = (nodes: ReadonlySet<string>) => void;

/**
 * Hops between two nodes of the same host: the outbox writes the receiver's inbox row in the
 * sender's own transaction (see OutboxService), and this tells the applier which nodes have news
 * once that transaction has committed, when the rows are visible to it. Nodes of a rolled-back
 * transaction are forgotten with it; a kick lost to a crash is made up by the applier's sweep.
 */
@Injectable()
export class LocalDeliveries implements OnModuleInit, EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, Set<string>>();
  private readonly listeners: Listener[] = [];

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  onCommitted(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** `nodes` hold new inbox rows written through `manager`; they are announced at its commit. */
  queue(manager: EntityManager, nodes: Iterable<string>): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      this.announce(new Set(nodes));
      return;
    }
    const pending = this.pending.get(runner) ?? new Set<string>();
    for (const node of nodes) pending.add(node);
    this.pending.set(runner, pending);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive) return;
    const nodes = this.pending.get(queryRunner);
    this.pending.delete(queryRunner);
    if (nodes) this.announce(nodes);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) this.pending.delete(queryRunner);
  }

  private announce(nodes: ReadonlySet<string>): void {
    for (const listener of this.listeners) listener(nodes);
  }
}
