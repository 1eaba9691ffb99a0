import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AuthErrorCode, AuthException } from './auth.exception';
import { Caller, CallerTokenClaims, ROLES, Role } from './caller';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const TOKEN_ISSUER = 'inspection-federation';

/** Issues and verifies the HS256 tokens callers present (`Authorization: Bearer …`). */
export class CallerTokens {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    // A key object made once: given the string, jsonwebtoken builds one on every verify (~1.5 ms a request).
    const key = createSecretKey(Buffer.from(secret, 'utf8')) as unknown as string;
    this.jwt = new JwtService({ secret: key, signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER }, verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER } });
  }

  issue(caller: Caller, expiresInSeconds = 8 * 3600): string {
    const claims: CallerTokenClaims = { sub: caller.subject, node: caller.nodeId, roles: caller.roles, ...(caller.organisationId ? { org: caller.organisationId } : {}) };
    return this.jwt.sign(claims, { expiresIn: expiresInSeconds });
  }

  verify(token: string): Caller {
    let claims: CallerTokenClaims;
    try {
      claims = this.jwt.verify<CallerTokenClaims & object>(token);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw new AuthException(AuthErrorCode.ExpiredToken, 'the token has expired: ask for a new one');
      throw new AuthException(AuthErrorCode.InvalidToken, `the token is not valid: ${(error as Error).message}`);
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is Role => ROLES.includes(role)) : [];
    if (typeof claims.node !== 'string' || !/^\d{6}$/.test(claims.node) || roles.length === 0 || typeof claims.sub !== 'string') {
      throw new AuthException(AuthErrorCode.InvalidToken, 'the token does not name a node, a subject and at least one known role');
    }
    // A caller scoped to an organisation holds that role alone, and only such a caller names one.
    const scoped = roles.includes(Role.InspectedOrganisation);
    if (claims.org !== undefined && (typeof claims.org !== 'string' || !UUID.test(claims.org))) throw new AuthException(AuthErrorCode.InvalidToken, 'the token names an organisation that is not an id');
    if (scoped !== (claims.org !== undefined) || (scoped && roles.length !== 1)) {
      throw new AuthException(AuthErrorCode.InvalidToken, 'only a token for the inspected_organisation role, and that role alone, names an organisation');
    }
    return { subject: claims.sub, nodeId: claims.node, roles, ...(scoped ? { organisationId: claims.org } : {}) };
  }
}
