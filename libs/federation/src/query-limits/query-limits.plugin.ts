import { ApolloDriverConfig } from '@nestjs/apollo';
import { DocumentNode, GraphQLSchema, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

export interface QueryLimits {
  maxDepth: number;
  maxComplexity: number;
}

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/** The parts of Apollo's request context the limits read (typed here: Apollo ships ESM and CJS types that do not unify). */
interface ResolvedOperation {
  request: { operationName?: string | null; variables?: Record<string, unknown> | null };
  document: DocumentNode;
  schema: GraphQLSchema;
  operation?: OperationDefinitionNode | null;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxComplexity: 5_000 };

/**
 * Refuses abusive operations before anything resolves: nesting deeper than `maxDepth` (introspection
 * is not counted) or an estimated cost above `maxComplexity` (lists multiply by their page size via
 * the fields' `complexity`; every other field costs 1). Runs on the resolved operation, so the
 * variables are known.
 */
export function queryLimitsPlugin(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ApolloPlugin {
  const costs = new OperationCosts();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }: ResolvedOperation) {
          const depth = operation ? operationDepth(document, operation) : 0;
          if (depth > limits.maxDepth) {
            throw new GraphQLError(`the query is nested ${depth} levels deep; at most ${limits.maxDepth} are allowed`, {
              extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth, http: { status: 400 } },
            });
          }
          const complexity = costs.of(schema, document, request.operationName ?? undefined, request.variables ?? {});
          if (complexity > limits.maxComplexity) {
            throw new GraphQLError(`the query would cost ${complexity}; at most ${limits.maxComplexity} is allowed: ask for fewer items per page or fewer fields`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', complexity, maxComplexity: limits.maxComplexity, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        max = Math.max(max, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, depthOf(selection.selectionSet, seen));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) max = Math.max(max, depthOf(fragment.selectionSet, new Set([...seen, name])));
      }
    }
    return max;
  };
  return depthOf(operation.selectionSet, new Set());
}

type Estimate = (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>) => number;

/** Lists multiply by their page size via the fields' `complexity`; every other field costs 1. */
const estimateCost: Estimate = (schema, query, operationName, variables) =>
  getComplexity({ schema, query, operationName, variables, estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })] });

/**
 * The estimated cost of operations, remembered per parsed document and variables. The cost is a
 * function of the schema, the document and the variables alone, and Apollo hands every request
 * with the same query text the same parsed document, so a client repeating a query (a dashboard
 * paging through a roll-up) is not estimated again each time. At most `perDocument` sets of
 * variables are kept for a document; a document Apollo no longer caches is let go with them.
 */
export class OperationCosts {
  private readonly byDocument = new WeakMap<DocumentNode, { schema: GraphQLSchema; byVariables: Map<string, number> }>();

  constructor(
    private readonly estimate: Estimate = estimateCost,
    private readonly perDocument = 64,
  ) {}

  of(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
    let known = this.byDocument.get(document);
    if (!known || known.schema !== schema) this.byDocument.set(document, (known = { schema, byVariables: new Map() }));
    const key = JSON.stringify([operationName ?? null, variables]);
    let cost = known.byVariables.get(key);
    if (cost === undefined) {
      cost = this.estimate(schema, document, operationName, variables);
      if (known.byVariables.size >= this.perDocument) known.byVariables.delete(known.byVariables.keys().next().value!);
      known.byVariables.set(key, cost);
    }
    return cost;
  }
}
