#!/usr/bin/env node
import { verifyAuditDatabase } from './verify-database';

/**
 * `npm run audit:verify` (DATABASE_URL = one host's database; ANCHOR_DATABASE_URLS = the databases
 * of the hosts of its nodes' parents, comma-separated): prints each node's chain verdict, checked
 * also against the heads its parent anchored, and exits 1 when any chain is broken, 2 when it
 * cannot check at all. Central's chain has no parent and so no anchors.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? process.argv[2];
  if (!url) {
    process.stderr.write('usage: DATABASE_URL=postgres://… [ANCHOR_DATABASE_URLS=postgres://…,…] npm run audit:verify\n');
    process.exit(2);
  }
  const anchorUrls = (process.env.ANCHOR_DATABASE_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  let verdicts;
  try {
    verdicts = await verifyAuditDatabase(url, anchorUrls);
  } catch (error) {
    process.stderr.write(`audit:verify: cannot read the audit log: ${(error as Error).message}\n`);
    process.exit(2);
  }
  for (const v of verdicts) {
    const anchored = v.anchors ? `, reaches its ${v.anchors} anchor(s)` : '';
    process.stdout.write(v.ok ? `node ${v.nodeId}: ok (${v.rows} rows${anchored})\n` : `node ${v.nodeId}: BROKEN at row ${v.brokenAtSeq}: ${v.reason}\n`);
  }
  const broken = verdicts.filter((v) => !v.ok).length;
  process.stdout.write(broken === 0 ? `audit chains intact: ${verdicts.length} node(s)\n` : `audit chains broken: ${broken} of ${verdicts.length} node(s)\n`);
  process.exit(broken === 0 ? 0 : 1);
}

void main();
