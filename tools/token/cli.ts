#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CallerTokens } from '@app/federation/auth/caller-tokens';
import { ROLES, Role } from '@app/federation/auth/caller';
import { DEMO_JWT_SECRET } from '@app/federation/config/host-config';

const USAGE = `usage: npm run token -- --node <6-digit id> --role <${ROLES.join('|')}> [--role …] [--org ORGANISATION_ID] [--subject NAME] [--hours H]
--org (with --role inspected_organisation alone): a caller scoped to that organisation of the node's register
signs with JWT_SECRET (the demo secret when unset) and prints the token`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function main(): void {
  let values: { node?: string; role?: string[]; subject?: string; hours?: string; org?: string };
  try {
    ({ values } = parseArgs({
      options: { node: { type: 'string' }, role: { type: 'string', multiple: true }, subject: { type: 'string' }, hours: { type: 'string' }, org: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (!values.node || !/^\d{6}$/.test(values.node)) fail('--node must be a six-digit node id');
  const roles = values.role ?? [];
  if (roles.length === 0) fail('at least one --role is required');
  const unknown = roles.filter((role) => !ROLES.includes(role as Role));
  if (unknown.length > 0) fail(`unknown role(s): ${unknown.join(', ')}`);
  const scoped = roles.includes(Role.InspectedOrganisation);
  if (scoped !== (values.org !== undefined) || (scoped && roles.length !== 1)) fail('--org goes with --role inspected_organisation alone, and that role needs --org');
  if (values.org !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.org)) fail('--org must be an organisation id');
  const hours = values.hours === undefined ? 8 : Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0) fail('--hours must be a positive number');
  const tokens = new CallerTokens(process.env.JWT_SECRET ?? DEMO_JWT_SECRET);
  const subject = values.subject ?? `${values.node}:${roles.join('+')}`;
  process.stdout.write(`${tokens.issue({ subject, nodeId: values.node, roles: roles as Role[], ...(values.org ? { organisationId: values.org } : {}) }, Math.round(hours * 3600))}\n`);
}

main();
