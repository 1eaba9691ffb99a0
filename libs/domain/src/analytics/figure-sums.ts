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
  const sorted = [...stored].sort(listed);
  const counts: FigureCount[] = [];
  for (let first = 0, next = 0; first < sorted.length; first = next) {
    const [kind, key, term] = sorted[first];
    let value = 0;
    let last = -Infinity;
    for (; next < sorted.length && listed(sorted[first], sorted[next]) === 0; next++) {
      value += Number(sorted[next][3]);
      last = Math.max(last, Number(sorted[next][4]));
    }
    counts.push({ kind, key, term, value, lastUpdatedAt: new Date(last) });
  }
  return counts;
}

function listed([kindA, keyA, termA]: StoredFigure, [kindB, keyB, termB]: StoredFigure): number {
  return compare(kindA, kindB) || (termA === termB ? 0 : termA === null ? -1 : termB === null ? 1 : compare(termA, termB)) || compare(keyA, keyB);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
