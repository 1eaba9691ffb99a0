import { Access, Caller, CurrentCaller, HostContext, Role } from '@app/federation';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { AuditService } from './audit.service';
import { AuditEntry, AuditLogFilter } from './audit.types';

@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly access: Access,
    private readonly host: HostContext,
  ) {}

  @Query(() => [AuditEntry], { description: 'The audit log of the auditor’s node and its subtree, as this host holds it; newest first' })
  auditLog(@CurrentCaller() caller: Caller, @Args('filter', { type: () => AuditLogFilter, nullable: true }) filter: AuditLogFilter | null): Promise<AuditEntry[]> {
    this.access.assertRole(caller, Role.Auditor);
    const f = filter ?? new AuditLogFilter();
    if (f.nodeId) this.access.assertWithin(caller, f.nodeId);
    const nodeIds = f.nodeId ? [f.nodeId] : this.host.servedNodes.filter((node) => this.host.registry.inSubtree(caller.nodeId, node.id)).map((node) => node.id);
    return this.audit.list({ nodeIds, actions: f.actions ?? null, since: f.since ?? null, until: f.until ?? null, limit: f.first ?? 50, offset: f.offset ?? 0 });
  }
}
