/** Work handlers deferred to the end of a run, once per key, in the order last asked for. */
export class DeferredWork {
  private readonly pending = new Map<string, () => Promise<boolean>>();

  add(key: string, work: () => Promise<boolean>): void {
    this.pending.delete(key);
    this.pending.set(key, work);
  }

  /** Takes over what another (a message's own, kept after its savepoint) deferred. */
  adopt(other: DeferredWork): void {
    for (const [key, work] of other.pending) this.add(key, work);
    other.pending.clear();
  }

  /** Runs everything, including what the work itself defers; returns whether any of it sent a message. */
  async runAll(): Promise<boolean> {
    let sent = false;
    for (let next = this.pending.entries().next(); !next.done; next = this.pending.entries().next()) {
      const [key, work] = next.value;
      this.pending.delete(key);
      sent = (await work()) || sent;
    }
    return sent;
  }
}
