import { EntityManager } from 'typeorm';
import { TraceContext } from '../envelope/envelope';
import { Emitted, UnitOfWork } from '../handlers/message-handler';
import { OutboxService } from './outbox.service';
import { OutgoingMessage } from './transport.types';

interface AtEndEntry {
  key: string;
  work: (items: unknown[]) => Promise<void>;
  item: unknown;
  hasItem: boolean;
}

/** How far a unit's effects had got: what a refused message added after it is dropped with it. */
export interface EffectsMark {
  messages: number;
  atEnd: number;
}

/**
 * The effects of one unit of work (a mutation's transaction, or a run of the inbox): the messages
 * emitted and the work asked for at its end. `finish()` runs that work — which may emit and ask for
 * more — and then writes every message in one outbox statement, before the commit.
 */
export class UnitEffects {
  private messages: OutgoingMessage[] = [];
  private atEndEntries: AtEndEntry[] = [];

  constructor(
    readonly manager: EntityManager,
    private readonly outbox: OutboxService,
  ) {}

  /** A face of the unit for business code; what it emits is caused by `cause`, in its trace. */
  unit(cause?: { messageId: string; trace: TraceContext }): UnitOfWork {
    return {
      manager: this.manager,
      emit: (...messages: Emitted[]) => {
        for (const message of messages) this.messages.push(cause ? { ...message, causationId: cause.messageId, trace: cause.trace } : message);
      },
      atEnd: <I>(key: string, work: (items: I[]) => Promise<void>, ...item: [I?]) => {
        this.atEndEntries.push({ key, work: work as AtEndEntry['work'], item: item[0], hasItem: item.length > 0 && item[0] !== undefined });
      },
    };
  }

  /** Passes a message on towards its destination, from `from`, as its cause's own. */
  forward(message: OutgoingMessage): void {
    this.messages.push(message);
  }

  mark(): EffectsMark {
    return { messages: this.messages.length, atEnd: this.atEndEntries.length };
  }

  restore(mark: EffectsMark): void {
    this.messages.length = mark.messages;
    this.atEndEntries.length = mark.atEnd;
  }

  /** Runs the work asked for at the end, then writes what was emitted; returns how many messages were written. */
  async finish(): Promise<number> {
    while (this.atEndEntries.length > 0) {
      const entries = this.atEndEntries;
      this.atEndEntries = [];
      for (const { work, items } of byKey(entries)) await work(items);
    }
    const messages = this.messages;
    this.messages = [];
    if (messages.length > 0) await this.outbox.sendMany(this.manager, messages);
    return messages.length;
  }
}

/** One run per key, in the order each key was last asked for, with its items in order and its last work. */
function byKey(entries: readonly AtEndEntry[]): Array<{ work: AtEndEntry['work']; items: unknown[] }> {
  const groups = new Map<string, { work: AtEndEntry['work']; items: unknown[] }>();
  for (const entry of entries) {
    const group = groups.get(entry.key) ?? { work: entry.work, items: [] };
    groups.delete(entry.key);
    group.work = entry.work;
    if (entry.hasItem) group.items.push(entry.item);
    groups.set(entry.key, group);
  }
  return [...groups.values()];
}
