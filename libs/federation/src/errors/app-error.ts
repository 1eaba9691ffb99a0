/** How a typed error surfaces to API callers (GraphQL `extensions.code`). */
export enum ErrorKind {
  BadInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  Forbidden = 'FORBIDDEN',
  Unauthenticated = 'UNAUTHENTICATED',
  Conflict = 'CONFLICT',
}

/**
 * Base of every feature's typed exception: `code` is the feature's own enum value (the precise
 * reason, `extensions.reason`), `kind` is derived from it by the feature's exhaustive mapping.
 */
export abstract class AppError<Code extends string = string> extends Error {
  abstract readonly kind: ErrorKind;

  constructor(
    readonly code: Code,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
