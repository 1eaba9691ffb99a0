import { BadRequestException, Logger } from '@nestjs/common';
import { GraphQLFormattedError } from 'graphql';
import { AppError } from '../errors/app-error';
import { ApiErrorCode, errorLabel } from '../labels';

const logger = new Logger('GraphQL');

/**
 * Typed application errors keep their message and gain `extensions.code` (the kind) and
 * `extensions.reason` (the feature's code); GraphQL's own validation errors pass through; anything
 * else is a bug, logged here and shown to the caller without internals. Every error also carries
 * `extensions.label`, the Chinese message of its most precise code, for a console to show as is.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  if (original instanceof AppError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.kind, reason: original.code, ...(original.details ?? {}), label: labelOf(original.code, original.kind) },
    };
  }
  if (original instanceof BadRequestException) {
    // class-validator's messages, from the global ValidationPipe: the caller's input was refused.
    const response = original.getResponse() as { message?: string | string[] };
    const messages = Array.isArray(response.message) ? response.message : [response.message ?? original.message];
    return { message: `invalid input: ${messages.join('; ')}`, path: formatted.path, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', reasons: messages, label: labelOf('BAD_USER_INPUT') } };
  }
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, label: labelOf(String(code), ApiErrorCode.BadRequest) } };
  }
  logger.error({ err: original }, `unexpected error in ${formatted.path?.join('.') ?? 'a GraphQL operation'}`);
  return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR', label: labelOf(ApiErrorCode.Internal) } };
}

function labelOf(...codes: string[]): string {
  for (const code of codes) {
    const label = errorLabel(code);
    if (label) return label;
  }
  return errorLabel(ApiErrorCode.Internal)!;
}
