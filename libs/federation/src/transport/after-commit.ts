import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * Items noted during a transaction, handed to `deliver` once it has committed (when what they
 * describe is visible to others) and dropped if it rolls back; noted outside a transaction, at
 * once. For effects outside PostgreSQL that must follow a commit: waking the applier for rows a
 * transaction wrote, telling subscribers of a change.
 */
export class AfterCommit<T> implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, T[]>();

  constructor(
    dataSource: DataSource,
    private readonly deliver: (items: T[]) => void,
  ) {
    dataSource.subscribers.push(this);
  }

  queue(manager: EntityManager, items: readonly T[]): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      this.deliver([...items]);
      return;
    }
    const pending = this.pending.get(runner);
    if (pending) for (const item of items) pending.push(item);
    else this.pending.set(runner, [...items]);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive) return;
    const items = this.pending.get(queryRunner);
    this.pending.delete(queryRunner);
    if (items) this.deliver(items);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) this.pending.delete(queryRunner);
  }
}
