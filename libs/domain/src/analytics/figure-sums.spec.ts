import { AnalyticsKind } from './analytics.enums';
import { StoredFigure, sumFigures } from './figure-sums';

const stored = (kind: AnalyticsKind, key: string, value: number, last: number, term: string | null = null): StoredFigure => [kind, key, term, String(value), String(last)];

describe('sumFigures', () => {
  it('sums a holder’s own figures and its children’s per state, keeping the latest stamp', () => {
    expect(
      sumFigures([stored(AnalyticsKind.Filing, 'late', 4, 1_000), stored(AnalyticsKind.Filing, 'late', 6, 3_000.5), stored(AnalyticsKind.Filing, 'on_time', 2, 2_000)]),
    ).toEqual([
      { kind: AnalyticsKind.Filing, key: 'late', term: null, value: 10, lastUpdatedAt: new Date(3_000) },
      { kind: AnalyticsKind.Filing, key: 'on_time', term: null, value: 2, lastUpdatedAt: new Date(2_000) },
    ]);
  });

  it('lists by kind, then term with none first, then key, keeping coverage terms apart', () => {
    const figures = sumFigures([
      stored(AnalyticsKind.LinkageTask, 'completed', 1, 1),
      stored(AnalyticsKind.Coverage, 'organisations', 5, 1, '2027-2032'),
      stored(AnalyticsKind.Coverage, 'inspected', 3, 1, '2022-2027'),
      stored(AnalyticsKind.Coverage, 'organisations', 4, 1, '2022-2027'),
      stored(AnalyticsKind.Clue, 'open', 1, 1),
      stored(AnalyticsKind.LinkageTask, 'accepted', 1, 1),
    ]);
    expect(figures.map((f) => `${f.kind} ${f.term ?? '-'} ${f.key} ${f.value}`)).toEqual([
      'clue - open 1',
      'coverage 2022-2027 inspected 3',
      'coverage 2022-2027 organisations 4',
      'coverage 2027-2032 organisations 5',
      'linkage_task - accepted 1',
      'linkage_task - completed 1',
    ]);
  });

  it('has nothing for a node without stored figures', () => {
    expect(sumFigures([])).toEqual([]);
  });
});
