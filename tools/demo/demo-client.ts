import { Role } from '@app/federation/auth/caller';

/**
 * What a demo seeding step gets from the launcher: GraphQL at the host of any node, as a caller of
 * that node, and a way to wait until the federation has delivered everything.
 */
export interface DemoClient {
  /** Runs an operation at the host of `nodeId` as a caller of that node; throws on GraphQL errors. */
  gql<T = Record<string, unknown>>(nodeId: string, query: string, variables?: Record<string, unknown>, roles?: Role[]): Promise<T>;
  waitIdle(timeoutMs?: number): Promise<void>;
  log(line: string): void;
}

/** A seeding step runs once per demo database set; `isSeeded` lets it skip when it ran before. */
export interface DemoSeed {
  name: string;
  isSeeded(client: DemoClient): Promise<boolean>;
  run(client: DemoClient): Promise<void>;
}
