import DataLoader from 'dataloader';
import { AnalyticsService, FigureQuery } from './analytics.service';
import { RollupFigures } from './analytics.types';

/**
 * The figures one request has read for one figure query. A page primes it with the figures of
 * its nodes, which the field then answers as they are (no promise per node); a node the page did
 * not read goes through the DataLoader, all such nodes answered with one statement.
 */
export class RequestFigures {
  private readonly read = new Map<string, RollupFigures>();
  private readonly loader: DataLoader<string, RollupFigures>;

  constructor(service: AnalyticsService, query: FigureQuery) {
    this.loader = new DataLoader<string, RollupFigures>(async (nodeIds) => {
      const figures = await service.rollupFigures(query, nodeIds);
      return nodeIds.map((id) => figures.get(id)!);
    });
  }

  prime(figures: ReadonlyMap<string, RollupFigures>): void {
    for (const [nodeId, nodeFigures] of figures) this.read.set(nodeId, nodeFigures);
  }

  of(nodeId: string): RollupFigures | Promise<RollupFigures> {
    return this.read.get(nodeId) ?? this.loader.load(nodeId);
  }
}

/** Keyed on the request object, so nothing outlives it. */
const perRequest = new WeakMap<object, Map<string, RequestFigures>>();

export function requestFigures(request: object, service: AnalyticsService, query: FigureQuery): RequestFigures {
  let byQuery = perRequest.get(request);
  if (!byQuery) perRequest.set(request, (byQuery = new Map()));
  const key = `${query.holderNodeId} ${query.kinds.join(',')} ${query.periodFrom} ${query.periodTo} ${query.term}`;
  let figures = byQuery.get(key);
  if (!figures) byQuery.set(key, (figures = new RequestFigures(service, query)));
  return figures;
}
