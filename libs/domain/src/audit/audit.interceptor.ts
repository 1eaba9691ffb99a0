import { AppError, Caller, ErrorKind } from '@app/federation';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Observable, catchError, from, switchMap, tap, throwError } from 'rxjs';
import { AuditAction, AuditOutcome } from './audit-chain';
import { AuditService } from './audit.service';

/**
 * One place that audits every GraphQL mutation and every refusal, whatever the resolver.
 * A mutation is chained as `attempt` before it runs (if that append fails, the mutation does not
 * run) and as `ok`/`failed`/`denied` after: a committed mutation can never be missing from the log,
 * even if the process dies right after its commit. Refused queries are chained as `denied`.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const caller = gql.getContext<{ req?: { caller?: Caller } }>().req?.caller ?? null;
    const operation = `${info.parentType.name}.${info.fieldName}`;
    const target = targetOf(gql.getArgs<Record<string, unknown>>());
    const nodeId = caller?.nodeId;
    const isMutation = info.parentType.name === 'Mutation' && info.path.prev === undefined;

    const recordFailure = (error: unknown) => {
      const denied = error instanceof AppError && (error.kind === ErrorKind.Forbidden || error.kind === ErrorKind.Unauthenticated);
      if (!nodeId || (!denied && !isMutation)) return throwError(() => error);
      const detail = error instanceof AppError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
      const action = denied ? AuditAction.Denial : AuditAction.Mutation;
      const outcome = denied ? AuditOutcome.Denied : AuditOutcome.Failed;
      return from(this.audit.append({ nodeId, caller, action, operation, target, outcome, detail })).pipe(switchMap(() => throwError(() => error)));
    };

    if (!isMutation || !nodeId) return next.handle().pipe(catchError(recordFailure));
    return from(this.audit.append({ nodeId, caller, action: AuditAction.Mutation, operation, target, outcome: AuditOutcome.Attempt })).pipe(
      switchMap(() => next.handle()),
      switchMap((result) => from(this.audit.append({ nodeId, caller, action: AuditAction.Mutation, operation, target, outcome: AuditOutcome.Ok, detail: resultId(result) })).pipe(switchMap(() => [result]))),
      catchError(recordFailure),
    );
  }
}

const TARGET_KEY = /(^id$|Id$|^reference$|^nodeId$|^scope$)/;

/** The ids an operation names (top-level arguments and one level into `input`), never free text. */
function targetOf(args: Record<string, unknown>): string {
  const parts: string[] = [];
  const collect = (value: Record<string, unknown>, prefix: string) => {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && TARGET_KEY.test(key)) parts.push(`${prefix}${key}=${v}`);
      else if (Array.isArray(v) && TARGET_KEY.test(key.replace(/s$/, ''))) parts.push(`${prefix}${key}=${v.filter((x) => typeof x === 'string').join('|')}`);
    }
  };
  collect(args, '');
  for (const [key, v] of Object.entries(args)) if (v && typeof v === 'object' && !Array.isArray(v)) collect(v as Record<string, unknown>, `${key}.`);
  return parts.join(' ');
}

function resultId(result: unknown): string {
  const id = result && typeof result === 'object' ? (result as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `result id=${id}` : '';
}
