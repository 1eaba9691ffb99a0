import { TestFederation } from '../harness/federation';

/**
 * GraphQL calls of the soak's drivers. A call that gets no answer (its host down, restarting or too
 * slow) or is refused returns undefined and is tried again later by its driver; refusals are kept
 * by message, since none is expected: each driver asks only for what its last read allows.
 */
export class Calls {
  unanswered = 0;
  refused = 0;
  readonly refusals = new Map<string, number>();

  constructor(private readonly federation: TestFederation) {}

  async run<T>(nodeId: string, query: string, variables: Record<string, unknown>): Promise<T | undefined> {
    try {
      const res = await this.federation.gql(nodeId, query, variables).timeout(5_000);
      if (res.body?.data && !res.body.errors) return res.body.data as T;
      this.refused++;
      const message = `${nodeId}: ${res.body?.errors?.[0]?.message ?? `HTTP ${res.status}`}`.slice(0, 200);
      this.refusals.set(message, (this.refusals.get(message) ?? 0) + 1);
    } catch {
      this.unanswered++;
    }
    return undefined;
  }
}
