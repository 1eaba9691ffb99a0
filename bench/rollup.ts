/**
 * npm run bench:rollup — analyst roll-up queries at central over a national-size dataset, through
 * GraphQL, against the same figures read with one plain indexed SQL query over the records, in the
 * same run on the same PostgreSQL. Prints one result line:
 *   rollup: p50 A ms p95 B ms via GraphQL, baseline sql p95 C ms, ratio B/C
 * Dataset: the national registry (3,352 nodes), central booted alone; linkage-task units, filings
 * and rectification items (BENCH_RECORDS in all, 1,050,000 by default) bulk-loaded into central's
 * tables with generate_series, figures built with analytics_rebuild (what the triggers keep
 * incrementally; the e2e spec checks the two agree). Queries rotate over four drill-downs:
 * central's provinces, a province's cities, a city's counties, and the first 50 counties nationwide.
 */
import { Role } from '@app/federation/auth/caller';
import { Tier } from '@app/federation/registry/registry.types';
import { Client } from 'pg';
import { POSTGRES_URL, TestFederation } from '../tools/harness/federation';
import { nationalTree } from '../tools/registry/division-tree';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_050_000);
const GRAPHQL_RUNS = Number(process.env.BENCH_GRAPHQL_RUNS ?? 400);
const SQL_RUNS = Number(process.env.BENCH_SQL_RUNS ?? 24);

const ROLLUP = `query($filter: RollupFilter) {
  analyticsRollup(filter: $filter) {
    total nextCursor
    items { nodeId name tier figures { lastUpdatedAt filingOnTimeRate counts { kind key value } } }
  }
}`;

interface Variant {
  filter: Record<string, unknown>;
  nodeIds: string[];
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function load(db: Client, nodeIds: string[]): Promise<void> {
  const third = Math.floor(RECORDS / 3);
  const tasks = 1000;
  const perTask = Math.ceil(third / tasks);
  // A bulk load of a benchmark dataset: no triggers, no FK checks (this session only); the figures
  // are rebuilt in one pass afterwards.
  await db.query(`SET session_replication_role = replica`);
  await db.query(`CREATE TEMP TABLE bench_node AS SELECT id, ord - 1 AS i FROM unnest($1::varchar[]) WITH ORDINALITY AS t(id, ord)`, [nodeIds]);
  await db.query(`CREATE UNIQUE INDEX ON bench_node (i)`);
  const n = nodeIds.length;
  await db.query(
    `INSERT INTO linkage_task (node_id, task_id, role, issuer_id, root_task_id, kind, linkage_type, scope, version, title, requirements, focus_points, start_at, deadline, issued_at, summary)
     SELECT '000000', t.id, 'issuer', '000000', t.id, 'regular', 'regional', '{}'::jsonb, 1, 'bench ' || g, '—', '[]'::jsonb,
            now() - interval '90 days', now() + (g % 365) * interval '1 day', now() - interval '90 days', '{}'::jsonb
       FROM generate_series(1, $1) g, LATERAL (SELECT md5('task' || g)::uuid AS id) t`,
    [tasks],
  );
  await db.query(
    `INSERT INTO linkage_task_unit (node_id, task_id, recipient_id, via_child, phase, state, percent, deadline)
     SELECT '000000', md5('task' || t)::uuid, b.id, b.id, 'received',
            (ARRAY['issued', 'received', 'accepted', 'in_progress', 'overdue', 'completed', 'cancelled'])[1 + (t * 7 + u) % 7],
            (t + u) % 101, now() + (1 + (t + u) % 365) * interval '1 day'
       FROM generate_series(1, $1) t CROSS JOIN generate_series(0, $2 - 1) u
       JOIN bench_node b ON b.i = (t * 131 + u) % $3`,
    [tasks, Math.min(perTask, n), n],
  );
  await db.query(
    `INSERT INTO filing (node_id, id, chain_id, filer_node_id, reviewer_node_id, kind, title, due_on, consolidated, status, first_submitted_at, requested_at)
     SELECT '000000', gen_random_uuid(), gen_random_uuid(), b.id, '000000', 'inspection_report', 'bench', d.due, false,
            CASE WHEN g % 5 = 0 THEN 'requested' ELSE 'submitted' END,
            CASE WHEN g % 5 = 0 THEN NULL ELSE d.due::timestamp + ((g % 11) - 7) * interval '1 day' END, now()
       FROM generate_series(1, $1) g
       JOIN bench_node b ON b.i = (g::bigint * 7919) % $2,
       LATERAL (SELECT (date '2025-01-01' + (g % 730)) AS due) d`,
    [third, n],
  );
  await db.query(
    `INSERT INTO tracked_deadline (node_id, id, owner_node_id, kind, record_id, subject_id, title, due_on, overdue_from, status, revision)
     SELECT '000000', gen_random_uuid(), b.id, (ARRAY['rectification_task', 'rectification_stage', 'progress_report', 'publication'])[1 + g % 4],
            gen_random_uuid(), gen_random_uuid(), 'bench', date '2025-01-01' + (g % 730), now(),
            (ARRAY['open', 'overdue', 'met', 'cancelled'])[1 + (g / 3) % 4], 1
       FROM generate_series(1, $1) g
       JOIN bench_node b ON b.i = (g::bigint * 104729) % $2`,
    [RECORDS - 2 * third, n],
  );
  await db.query(`SET session_replication_role = origin`);
  await db.query(`SELECT analytics_rebuild('000000')`);
  await db.query(`ANALYZE`);
}

/** The same figures straight from the records: one statement, the existing indexes, per region child. */
const BASELINE = `
  WITH kids AS (SELECT unnest($1::varchar[]) AS id),
  scope AS (SELECT c.ancestor_id AS kid, c.descendant_id AS node FROM analytics_closure c JOIN kids ON kids.id = c.ancestor_id)
  SELECT s.kid, 'linkage_task' AS kind, u.state AS key, count(*) AS value
    FROM linkage_task_unit u JOIN scope s ON s.node = u.recipient_id WHERE u.node_id = '000000' GROUP BY 1, 2, 3
  UNION ALL
  SELECT s.kid, 'filing', CASE WHEN f.first_submitted_at IS NULL THEN 'pending' WHEN (f.first_submitted_at AT TIME ZONE 'Asia/Shanghai')::date <= f.due_on THEN 'on_time' ELSE 'late' END, count(*)
    FROM filing f JOIN scope s ON s.node = f.filer_node_id WHERE f.node_id = '000000' GROUP BY 1, 2, 3
  UNION ALL
  SELECT s.kid, 'rectification', t.status, count(*)
    FROM tracked_deadline t JOIN scope s ON s.node = t.owner_node_id WHERE t.node_id = '000000' AND t.kind <> 'filing' GROUP BY 1, 2, 3
  UNION ALL
  SELECT s.kid, 'clue', c.status, count(*)
    FROM problem_clue c JOIN scope s ON s.node = c.origin_node_id WHERE c.node_id = '000000' GROUP BY 1, 2, 3`;

async function main(): Promise<void> {
  const started = performance.now();
  // Central as it runs in production (docker/Dockerfile): NODE_ENV=production, which among other
  // things drops graphql-js's development-only type checks on every field it resolves.
  const federation = await TestFederation.start({ tree: nationalTree(6), boot: ['central'], env: { DATABASE_POOL_SIZE: '8', NODE_ENV: 'production' } });
  const db = new Client({ connectionString: `${POSTGRES_URL}/${federation.databaseOf('central')}` });
  try {
    await db.connect();
    const registry = federation.registry;
    const below = registry.subtree('000000').filter((node) => node.id !== '000000').map((node) => node.id);
    await load(db, below);
    const records = (await db.query(`SELECT (SELECT count(*) FROM linkage_task_unit) + (SELECT count(*) FROM filing) + (SELECT count(*) FROM tracked_deadline) AS n`)).rows[0].n;

    const sorted = (ids: string[]) => [...ids].sort();
    const hebeiCity = registry.children('130000')[0].id;
    const variants: Variant[] = [
      { filter: {}, nodeIds: sorted(registry.children('000000').map((node) => node.id)) },
      { filter: { region: '130000' }, nodeIds: sorted(registry.children('130000').map((node) => node.id)) },
      { filter: { region: hebeiCity }, nodeIds: sorted(registry.children(hebeiCity).map((node) => node.id)) },
      { filter: { tier: 'County', first: 50 }, nodeIds: sorted(registry.descendantsOfTier('000000', Tier.County).map((node) => node.id)).slice(0, 50) },
    ];

    const token = federation.token('000000', [Role.Analyst]);
    const url = `${federation.host('central').url}/graphql`;
    const graphql = async (variant: Variant) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: ROLLUP, variables: { filter: variant.filter } }) });
      const body = (await res.json()) as { data?: { analyticsRollup: { items: Array<{ nodeId: string; figures: { counts: Array<{ kind: string; key: string; value: number }> } }> } }; errors?: unknown };
      if (body.errors || !body.data) throw new Error(`rollup query failed: ${JSON.stringify(body.errors)}`);
      return body.data.analyticsRollup.items;
    };

    // The two paths must give the same figures before either is timed.
    for (const variant of variants) {
      const viaGraphql = (await graphql(variant)).flatMap((item) => item.figures.counts.map((c) => `${item.nodeId} ${c.kind.toLowerCase().replace('linkagetask', 'linkage_task')} ${c.key} ${c.value}`));
      const viaSql = (await db.query(BASELINE, [variant.nodeIds])).rows.map((row) => `${row.kid} ${row.kind} ${row.key} ${row.value}`);
      if (JSON.stringify(sorted(viaGraphql)) !== JSON.stringify(sorted(viaSql))) {
        throw new Error(`GraphQL and SQL disagree for ${JSON.stringify(variant.filter)}: ${viaGraphql.length} vs ${viaSql.length} figures`);
      }
    }

    for (let i = 0; i < 40; i++) await graphql(variants[i % variants.length]);
    const viaGraphql: number[] = [];
    for (let i = 0; i < GRAPHQL_RUNS; i++) {
      const t0 = performance.now();
      await graphql(variants[i % variants.length]);
      viaGraphql.push(performance.now() - t0);
    }
    for (const variant of variants) await db.query(BASELINE, [variant.nodeIds]);
    const viaSql: number[] = [];
    for (let i = 0; i < SQL_RUNS; i++) {
      const t0 = performance.now();
      await db.query(BASELINE, [variants[i % variants.length].nodeIds]);
      viaSql.push(performance.now() - t0);
    }

    // What any authenticated request costs on this host, to read the figures against.
    const floor: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ analyticsRollup(filter: { region: "110101", tier: County }) { total } }' }) });
      floor.push(performance.now() - t0);
    }
    process.stderr.write(`bench:rollup: a trivial authenticated query: p50 ${percentile(floor, 50).toFixed(1)} ms\n`);
    const perVariant = variants.map((variant, v) => {
      const mine = viaGraphql.filter((_, i) => i % variants.length === v);
      return `${JSON.stringify(variant.filter)} p50 ${percentile(mine, 50).toFixed(1)} ms`;
    });
    process.stderr.write(`bench:rollup: per query via GraphQL: ${perVariant.join('; ')}\n`);
    const p50 = percentile(viaGraphql, 50);
    const p95 = percentile(viaGraphql, 95);
    const sqlP95 = percentile(viaSql, 95);
    process.stderr.write(`bench:rollup: ${registry.nodes.length} nodes, ${records} records at central, ${GRAPHQL_RUNS} GraphQL and ${SQL_RUNS} SQL reads, ${Math.round((performance.now() - started) / 1000)} s\n`);
    process.stdout.write(`rollup: p50 ${p50.toFixed(1)} ms p95 ${p95.toFixed(1)} ms via GraphQL, baseline sql p95 ${sqlP95.toFixed(1)} ms, ratio ${(p95 / sqlP95).toFixed(3)}\n`);
  } finally {
    await db.end().catch(() => undefined);
    await federation.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:rollup failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
