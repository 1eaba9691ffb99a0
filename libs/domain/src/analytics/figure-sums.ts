import { AnalyticsKind } from './analytics.enums';

export interface FigureCount {
  kind: AnalyticsKind;
  key: string;
  value: number;
  /** Coverage only: the term the figure belongs to. */
  term: string | null;
  /** When this subtree last changed this figure, as the holder saw it. */
  lastUpdatedAt: Date;
}

/** A stored figure of one of a node's subjects as the statement lists it: numbers as text, the stamp in epoch ms. */
export type StoredFigure = [kind: AnalyticsKind, key: string, term: string | null, value: string, lastUpdatedAt: string];

/**
 * A node's figures: its subjects' stored figures summed per kind, term and key, the latest stamp
 * kept, listed by kind, term (none first) and key. Kinds, keys and terms are compared by code
 * unit, which for their ASCII is the byte order PostgreSQL's "C" collation sorted them in before.
 */
export function sumFigures(stored: readonly StoredFigure[]): FigureCount[] {
  const summed = new Map<string, { count: FigureCount; last: number }>();
  for (const [kind, key, term, value, last] of stored) {
    const id = term === null ? `${kind}\u0000${key}` : `${kind}\u0000${key}\u0000${term}`;
    const stamp = Number(last);
    const seen = summed.get(id);
    if (!seen) {
      summed.set(id, { count: { kind, key, term, value: Number(value), lastUpdatedAt: new Date(stamp) }, last: stamp });
    } else {
      seen.count.value += Number(value);
      if (stamp > seen.last) {
        seen.last = stamp;
        seen.count.lastUpdatedAt = new Date(stamp);
      }
    }
  }
  return [...summed.values()].map((figure) => figure.count).sort(listed);
}

function listed(a: FigureCount, b: FigureCount): number {
  return compare(a.kind, b.kind) || (a.term === b.term ? 0 : a.term === null ? -1 : b.term === null ? 1 : compare(a.term, b.term)) || compare(a.key, b.key);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
