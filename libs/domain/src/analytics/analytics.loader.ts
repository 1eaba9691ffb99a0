import DataLoader from 'dataloader';
import { AnalyticsService, FigureQuery } from './analytics.service';
import { RollupFigures } from './analytics.types';

/**
 * One DataLoader per request and figure query: a page primes it with the figures it read for its
 * nodes, and any node it did not asks through it, all answered with one statement. Keyed on the
 * request object, so nothing outlives it.
 */
const perRequest = new WeakMap<object, Map<string, DataLoader<string, RollupFigures>>>();

export function figureLoader(request: object, service: AnalyticsService, query: FigureQuery): DataLoader<string, RollupFigures> {
  let loaders = perRequest.get(request);
  if (!loaders) perRequest.set(request, (loaders = new Map()));
  const key = `${query.holderNodeId} ${query.kinds.join(',')} ${query.periodFrom} ${query.periodTo} ${query.term}`;
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader<string, RollupFigures>(async (nodeIds) => {
      const figures = await service.rollupFigures(query, nodeIds);
      return nodeIds.map((id) => figures.get(id)!);
    });
    loaders.set(key, loader);
  }
  return loader;
}
