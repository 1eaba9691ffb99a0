import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType, Registry } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { isLocalDate } from '../deadlines/local-date';

/** Every level above an inspector keeps the newest copy of each organisation of its register. */
@Injectable()
@HandlesMessage(MessageType.OrganisationRegistered)
export class OrganisationRegisteredHandler implements MessageHandler<typeof MessageType.OrganisationRegistered> {
  constructor(private readonly registry: Registry) {}

  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.OrganisationRegistered>>): Promise<void> {
    for (const ctx of deliveries) await this.record(ctx);
  }

  relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.OrganisationRegistered>>): Promise<void> {
    return this.apply(deliveries);
  }

  private async record({ manager, node, envelope, payload }: DeliveryContext<typeof MessageType.OrganisationRegistered>): Promise<void> {
    if (!this.registry.isAncestor(node.id, envelope.origin)) throw new InvalidPayloadError(`${node.id} is not above ${envelope.origin}`);
    for (const org of payload.organisations) {
      if (org.inspectorNodeId !== envelope.origin) throw new InvalidPayloadError(`${envelope.origin} reports organisation ${org.organisationId} of another register (${org.inspectorNodeId})`);
      if (org.regionNodeId && !this.registry.isAncestor(org.inspectorNodeId, org.regionNodeId)) throw new InvalidPayloadError(`region ${org.regionNodeId} is not below ${org.inspectorNodeId}`);
      if (!isLocalDate(org.activeFrom) || (org.activeTo && !isLocalDate(org.activeTo))) throw new InvalidPayloadError(`organisation ${org.organisationId} has no valid dates`);
    }
    await manager.query(
      `INSERT INTO organisation (node_id, id, name, code, kind, inspector_node_id, region_node_id, cadre_level, active_from, active_to, successor_id, revision, updated_at)
       SELECT $1, o."organisationId", o.name, o.code, o.kind, o."inspectorNodeId", o."regionNodeId", o."cadreLevel", o."activeFrom", o."activeTo", o."successorId", o.revision, now()
         FROM jsonb_to_recordset($2::jsonb) AS o("organisationId" uuid, name text, code text, kind text, "inspectorNodeId" text, "regionNodeId" text, "cadreLevel" text, "activeFrom" date, "activeTo" date, "successorId" uuid, revision int)
       ON CONFLICT (node_id, id) DO UPDATE SET name = EXCLUDED.name, code = EXCLUDED.code, kind = EXCLUDED.kind, region_node_id = EXCLUDED.region_node_id, cadre_level = EXCLUDED.cadre_level,
         active_from = EXCLUDED.active_from, active_to = EXCLUDED.active_to, successor_id = EXCLUDED.successor_id, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
       WHERE organisation.revision < EXCLUDED.revision`,
      [node.id, JSON.stringify(payload.organisations)],
    );
  }
}
