import { JwtService } from '@nestjs/jwt';
import { AuthErrorCode, AuthException } from './auth.exception';
import { Role } from './caller';
import { CallerTokens, TOKEN_ISSUER } from './caller-tokens';

const SECRET = 'a-test-secret-of-some-length';
const tokens = new CallerTokens(SECRET);
const raw = (claims: object) => new JwtService({ secret: SECRET }).sign(claims, { issuer: TOKEN_ISSUER, expiresIn: 60 });
const ORG = '0190a3e2-7c1d-7f00-8000-000000000001';

const codeOf = (token: string) => {
  try {
    tokens.verify(token);
  } catch (error) {
    return (error as AuthException).code;
  }
  return undefined;
};

describe('caller tokens scoped to an organisation', () => {
  it('carries the organisation of an inspected_organisation caller as the claim org', () => {
    const token = tokens.issue({ subject: 'ndrc', nodeId: '000000', roles: [Role.InspectedOrganisation], organisationId: ORG });
    expect(tokens.verify(token)).toEqual({ subject: 'ndrc', nodeId: '000000', roles: [Role.InspectedOrganisation], organisationId: ORG });
  });

  it('keeps tokens without the claim working as before', () => {
    expect(tokens.verify(raw({ sub: 'x', node: '130000', roles: ['inspection_office'] }))).toEqual({ subject: 'x', nodeId: '130000', roles: [Role.InspectionOffice] });
  });

  it('refuses the role without an organisation, an organisation without the role or beside another role, and an organisation that is no id', () => {
    expect(codeOf(raw({ sub: 'x', node: '000000', roles: ['inspected_organisation'] }))).toBe(AuthErrorCode.InvalidToken);
    expect(codeOf(raw({ sub: 'x', node: '000000', roles: ['inspection_office'], org: ORG }))).toBe(AuthErrorCode.InvalidToken);
    expect(codeOf(raw({ sub: 'x', node: '000000', roles: ['inspected_organisation', 'inspection_office'], org: ORG }))).toBe(AuthErrorCode.InvalidToken);
    expect(codeOf(raw({ sub: 'x', node: '000000', roles: ['inspected_organisation'], org: 'all' }))).toBe(AuthErrorCode.InvalidToken);
  });
});
