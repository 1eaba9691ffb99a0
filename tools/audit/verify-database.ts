import { Client } from 'pg';
import { ChainAnchor, ChainVerdict, auditRowFromSql, verifyAnchors, verifyChain } from '@app/domain/audit/audit-chain';

/**
 * Checks every node's audit chain in one host database (a node at a time, in seq order), and each
 * chain against the heads anchored at its parent: in this database when the parent is served here,
 * in `anchorDatabaseUrls` (the parents' hosts) otherwise.
 */
export async function verifyAuditDatabase(databaseUrl: string, anchorDatabaseUrls: readonly string[] = []): Promise<ChainVerdict[]> {
  const anchors = new Map<string, ChainAnchor[]>();
  for (const url of [databaseUrl, ...anchorDatabaseUrls]) {
    for (const [nodeId, held] of await readAnchors(url)) anchors.set(nodeId, [...(anchors.get(nodeId) ?? []), ...held]);
  }
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
      const verdict = verifyChain(nodeId, rows, head && Number(head.seq) > 0 ? { seq: Number(head.seq), hash: head.hash } : undefined);
      verdicts.push(verifyAnchors(verdict, rows, anchors.get(nodeId) ?? []));
    }
    await client.query('COMMIT');
    return verdicts;
  } finally {
    await client.end();
  }
}

/** The anchors one database holds, by the node whose chain they anchor. */
async function readAnchors(databaseUrl: string): Promise<Map<string, ChainAnchor[]>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = (await client.query<{ holder_node_id: string; node_id: string; seq: string; hash: string }>('SELECT holder_node_id, node_id, seq, hash FROM audit_anchor')).rows;
    const byNode = new Map<string, ChainAnchor[]>();
    for (const row of rows) byNode.set(row.node_id, [...(byNode.get(row.node_id) ?? []), { holderNodeId: row.holder_node_id, seq: Number(row.seq), hash: row.hash }]);
    return byNode;
  } finally {
    await client.end();
  }
}
