import { Client } from 'pg';
import { ChainVerdict, auditRowFromSql, verifyChain } from '@app/domain/audit/audit-chain';

/** Checks every node's audit chain in one host database (a node at a time, in seq order). */
export async function verifyAuditDatabase(databaseUrl: string): Promise<ChainVerdict[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Read at one snapshot, so appends running meanwhile cannot look like a broken chain.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const heads = (await client.query<{ node_id: string; seq: string; hash: string }>('SELECT node_id, seq, hash FROM audit_chain_head ORDER BY node_id')).rows;
    const logged = (await client.query<{ node_id: string }>('SELECT DISTINCT node_id FROM audit_log')).rows.map((row) => row.node_id);
    const nodeIds = [...new Set([...heads.map((head) => head.node_id), ...logged])].sort();
    const verdicts: ChainVerdict[] = [];
    for (const nodeId of nodeIds) {
      const rows = (await client.query('SELECT * FROM audit_log WHERE node_id = $1 ORDER BY seq', [nodeId])).rows.map(auditRowFromSql);
      const head = heads.find((h) => h.node_id === nodeId);
      verdicts.push(verifyChain(nodeId, rows, head && Number(head.seq) > 0 ? { seq: Number(head.seq), hash: head.hash } : undefined));
    }
    await client.query('COMMIT');
    return verdicts;
  } finally {
    await client.end();
  }
}
