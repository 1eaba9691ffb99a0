import { CanActivate, ExecutionContext, Inject, Injectable, Optional, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { HostContext } from '../transport/host-context';
import { AuthErrorCode, AuthException } from './auth.exception';
import { Caller } from './caller';
import { CallerTokens } from './caller-tokens';
import { DENIAL_RECORDER, DenialRecord, DenialRecorder } from './denial-recorder';

const PUBLIC = Symbol('PUBLIC');

/** A GraphQL field anyone may read without a token (the shared hierarchy, host info). */
export const Public = () => SetMetadata(PUBLIC, true);

interface RequestWithCaller {
  headers: Record<string, string | string[] | undefined>;
  caller?: Caller;
}

/**
 * Every GraphQL operation needs a valid token for a node this host serves; HTTP routes (/health,
 * /metrics) are for operators' probes and stay open. Authorisation per field is `Access`'s job.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: CallerTokens,
    private readonly host: HostContext,
    private readonly reflector: Reflector,
    @Optional() @Inject(DENIAL_RECORDER) private readonly denials?: DenialRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    try {
      return this.authenticate(context);
    } catch (error) {
      // A refused token is audited before the refusal is answered (issue 6: denials are audited).
      if (error instanceof AuthException && this.denials) await this.denials.recordDenial(denialOf(context, error));
      throw error;
    }
  }

  private authenticate(context: ExecutionContext): boolean {
    const req = GqlExecutionContext.create(context).getContext<{ req: RequestWithCaller }>().req;
    // Nested resolvers of an operation already authenticated share its request: verify once, not per field.
    if (req.caller) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]);
    const header = req.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) {
      if (isPublic) return true;
      throw new AuthException(AuthErrorCode.MissingToken, 'this operation needs a token: send "Authorization: Bearer <token>" (npm run token -- --node <id> --role <role>)');
    }
    const caller = this.tokens.verify(token);
    if (!this.host.serves(caller.nodeId)) {
      throw new AuthException(AuthErrorCode.NodeNotServedHere, `node ${caller.nodeId} is not served by host ${this.host.hostId}: use your own node's host`);
    }
    req.caller = caller;
    return true;
  }
}

function denialOf(context: ExecutionContext, error: AuthException): DenialRecord {
  const gql = GqlExecutionContext.create(context);
  const info = gql.getInfo<{ parentType?: { name: string }; fieldName?: string }>();
  const header = gql.getContext<{ req: RequestWithCaller }>().req.headers.authorization;
  const claims = typeof header === 'string' && header.startsWith('Bearer ') ? unverifiedClaims(header.slice(7).trim()) : {};
  return {
    claimedNodeId: typeof claims.node === 'string' && /^\d{6}$/.test(claims.node) ? claims.node : null,
    subject: typeof claims.sub === 'string' ? claims.sub.slice(0, 200) : null,
    roles: Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string').slice(0, 10) : [],
    operation: `${info?.parentType?.name ?? '?'}.${info?.fieldName ?? '?'}`,
    reason: error.code,
    message: error.message,
  };
}

/** What a token says about itself, signature unchecked: only ever used to describe a refusal. */
function unverifiedClaims(token: string): { node?: unknown; sub?: unknown; roles?: unknown } {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' ? payload : {};
  } catch {
    return {};
  }
}

export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller =>
  callerOf(GqlExecutionContext.create(context).getContext<{ req: object }>().req),
);

/** The caller the guard authenticated for this request (what `@CurrentCaller()` injects). */
export function callerOf(req: object): Caller {
  const caller = (req as RequestWithCaller).caller;
  if (!caller) throw new AuthException(AuthErrorCode.MissingToken, 'this operation needs a token');
  return caller;
}
