import { Access, Caller, CurrentCaller, HostContext, Role } from '@app/federation';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { AuditService } from './audit.service';
import { AuditLogFilter, AuditLogPage } from './audit.types';

@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly access: Access,
    private readonly host: HostContext,
  ) {}

  @Query(() => AuditLogPage, { description: 'The audit log of the auditor’s node and its subtree, as this host holds it; newest first, a page at a time' })
  auditLog(
    @CurrentCaller() caller: Caller,
    // Typed as the class alone (not `| null`), so that its metadata names it and the global
    // ValidationPipe applies its rules (the maximum of `first`); a union is emitted as Object.
    @Args('filter', { type: () => AuditLogFilter, nullable: true }) filter?: AuditLogFilter,
  ): Promise<AuditLogPage> {
    this.access.assertRole(caller, Role.Auditor);
    const f = filter ?? new AuditLogFilter();
    if (f.nodeId) this.access.assertWithin(caller, f.nodeId);
    const nodeIds = f.nodeId ? [f.nodeId] : this.host.servedNodes.filter((node) => this.host.registry.inSubtree(caller.nodeId, node.id)).map((node) => node.id);
    return this.audit.list({ nodeIds, actions: f.actions ?? null, since: f.since ?? null, until: f.until ?? null, first: f.first ?? 50, after: f.after ?? null });
  }
}
