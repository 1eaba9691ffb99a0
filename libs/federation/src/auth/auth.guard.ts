import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { HostContext } from '../transport/host-context';
import { AuthErrorCode, AuthException } from './auth.exception';
import { Caller } from './caller';
import { CallerTokens } from './caller-tokens';

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
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const req = GqlExecutionContext.create(context).getContext<{ req: RequestWithCaller }>().req;
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

export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const req = GqlExecutionContext.create(context).getContext<{ req: RequestWithCaller }>().req;
  if (!req.caller) throw new AuthException(AuthErrorCode.MissingToken, 'this operation needs a token');
  return req.caller;
});
