#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { Role } from '@app/federation/auth/caller';
import { CallerTokens } from '@app/federation/auth/caller-tokens';
import { DEMO_JWT_SECRET } from '@app/federation/config/host-config';
import { ImportFileError, parseOrganisationFile } from '@app/domain/organisation/organisation-import';

const USAGE = `usage: npm run organisations -- import --node <6-digit id> --file <register.csv|register.json> --url <http://host:port/graphql> [--format csv|json] [--dry-run] [--token T]
Imports a register of inspected organisations into the node's own register through its host's API:
idempotent (rows match on code, else on name), all rows or none, with a report per row.
CSV columns (a header row; English or Chinese): name/名称, code/代码, kind/类别, regionNodeId/所在地区节点,
cadreLevel/管理权限, activeFrom/设立日期, activeTo/撤销日期. Without --token, signs one for the node's
inspection office with JWT_SECRET (the demo secret when unset).`;

const IMPORT = `mutation($input: ImportOrganisationsInput!) { importOrganisations(input: $input) { applied created updated unchanged failed rows { row outcome name errors } } }`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean' }>; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ options: { node: { type: 'string' }, file: { type: 'string' }, url: { type: 'string' }, format: { type: 'string' }, token: { type: 'string' }, 'dry-run': { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    fail((error as Error).message);
  }
  const [command] = parsed.positionals;
  const values = parsed.values as { node?: string; file?: string; url?: string; format?: string; token?: string; 'dry-run'?: boolean };
  if (command !== 'import') fail('the only command is import');
  if (!values.node || !/^\d{6}$/.test(values.node)) fail('--node must be a six-digit node id');
  if (!values.file) fail('--file is required');
  if (!values.url) fail('--url is required (the GraphQL endpoint of the node’s host)');
  const format = (values.format ?? extname(values.file).slice(1).toLowerCase()) as 'csv' | 'json';
  if (format !== 'csv' && format !== 'json') fail('--format must be csv or json (or the file must end in .csv or .json)');

  let rows;
  try {
    rows = parseOrganisationFile(readFileSync(values.file, 'utf8'), format);
  } catch (error) {
    if (error instanceof ImportFileError || (error as NodeJS.ErrnoException).code === 'ENOENT') fail(`${values.file}: ${(error as Error).message}`);
    throw error;
  }
  const token = values.token ?? new CallerTokens(process.env.JWT_SECRET ?? DEMO_JWT_SECRET).issue({ subject: `${values.node}:organisations-cli`, nodeId: values.node, roles: [Role.InspectionOffice] }, 600);
  const response = await fetch(values.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: IMPORT, variables: { input: { nodeId: values.node, rows, dryRun: values['dry-run'] ?? false } } }),
  });
  const body = (await response.json()) as { data?: { importOrganisations: Report }; errors?: Array<{ message: string; extensions?: { label?: string } }> };
  if (body.errors?.length) {
    for (const error of body.errors) process.stderr.write(`refused: ${error.extensions?.label ?? ''} ${error.message}\n`);
    process.exit(1);
  }
  const report = body.data!.importOrganisations;
  for (const row of report.rows) {
    if (row.outcome === 'Failed') process.stdout.write(`row ${row.row} (${row.name ?? '—'}): ${row.errors.join('; ')}\n`);
  }
  process.stdout.write(`${report.applied ? 'applied' : 'not applied'}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} wrong of ${report.rows.length} rows\n`);
  process.exit(report.failed > 0 ? 1 : 0);
}

interface Report {
  applied: boolean;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  rows: Array<{ row: number; outcome: string; name: string | null; errors: string[] }>;
}

void main();
