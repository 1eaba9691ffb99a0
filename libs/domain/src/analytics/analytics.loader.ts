import DataLoader from 'dataloader';
import { AnalyticsService, FigureCount, FigureQuery } from './analytics.service';

/**
 * One DataLoader per request and figure query: every node of a page asks for its figures, the
 * loader answers them all with one statement. Keyed on the request object, so nothing outlives it.
 */
const perRequest = new WeakMap<object, Map<string, DataLoader<string, FigureCount[]>>>();

export function figureLoader(request: object, service: AnalyticsService, query: FigureQuery): DataLoader<string, FigureCount[]> {
  let loaders = perRequest.get(request);
  if (!loaders) perRequest.set(request, (loaders = new Map()));
  const key = JSON.stringify(query);
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader<string, FigureCount[]>(async (nodeIds) => {
      const figures = await service.subtreeFigures(query, nodeIds);
      return nodeIds.map((id) => figures.get(id) ?? []);
    });
    loaders.set(key, loader);
  }
  return loader;
}
