import { HostContext } from '@app/federation';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The ancestor/descendant pairs of every subtree this host serves, written at boot from the
 * registry (the registry is versioned and loaded at boot, so this is its mirror, not a second
 * source of truth). Subtree figures join through it instead of walking the tree per query.
 */
@Injectable()
export class AnalyticsTree implements OnModuleInit {
  constructor(
    private readonly host: HostContext,
    private readonly dataSource: DataSource,
  ) {}

  // onModuleInit runs before any module's onApplicationBootstrap, where the inbox starts applying.
  async onModuleInit(): Promise<void> {
    const ancestors: string[] = [];
    const descendants: string[] = [];
    const depths: number[] = [];
    const seen = new Set<string>();
    for (const served of this.host.servedNodes) {
      for (const node of this.host.registry.subtree(served.id)) {
        if (seen.has(node.id)) continue;
        seen.add(node.id);
        const chain = [node, ...this.host.registry.ancestors(node.id)];
        chain.forEach((ancestor, depth) => {
          ancestors.push(ancestor.id);
          descendants.push(node.id);
          depths.push(depth);
        });
      }
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM analytics_closure`);
      await manager.query(`INSERT INTO analytics_closure (ancestor_id, descendant_id, depth) SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::smallint[]) ON CONFLICT DO NOTHING`, [ancestors, descendants, depths]);
    });
    // A bulk load wants fresh statistics at once, not whenever autovacuum comes by (or never, where
    // it is off): planned blind, every figure trigger hashed the holder's whole subtree for each
    // record it counted (1.2 ms a record at central, 10 of its 12 CPU seconds in a nationwide fan-out).
    await this.dataSource.query(`ANALYZE analytics_closure`);
  }
}
