type Work = (items: unknown[]) => Promise<boolean>;

/**
 * Work handlers deferred to the end of a run, once per key, in the order last asked for. Under a
 * key, items may be collected for the work to take all at once (one statement for every task a
 * run's reports changed, say).
 */
export class DeferredWork {
  private readonly pending = new Map<string, { work: Work; items: unknown[] }>();

  add(key: string, work: () => Promise<boolean>): void {
    this.collect(key, [], work);
  }

  /** `items` join those collected under `key`; the work asked for last runs with them all. */
  collect<T>(key: string, items: readonly T[], work: (items: T[]) => Promise<boolean>): void {
    const earlier = this.pending.get(key)?.items ?? [];
    this.pending.delete(key);
    this.pending.set(key, { work: work as Work, items: [...earlier, ...items] });
  }

  /** Takes over what another (a message's own, kept after its savepoint) deferred. */
  adopt(other: DeferredWork): void {
    for (const [key, { work, items }] of other.pending) this.collect(key, items, work);
    other.pending.clear();
  }

  /** Runs everything, including what the work itself defers; returns whether any of it sent a message. */
  async runAll(): Promise<boolean> {
    let sent = false;
    for (let next = this.pending.entries().next(); !next.done; next = this.pending.entries().next()) {
      const [key, { work, items }] = next.value;
      this.pending.delete(key);
      sent = (await work(items)) || sent;
    }
    return sent;
  }
}
