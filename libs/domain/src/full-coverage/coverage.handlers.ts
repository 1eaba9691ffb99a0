import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { TERM } from './coverage-rules';

/** Every level on the way up keeps the newest tally of each node below it (an older one is ignored). */
@Injectable()
@HandlesMessage(MessageType.CoverageProgress)
export class CoverageProgressHandler implements MessageHandler<typeof MessageType.CoverageProgress> {
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.CoverageProgress>>): Promise<void> {
    for (const ctx of deliveries) await record(ctx);
  }

  async relay(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.CoverageProgress>>): Promise<void> {
    for (const ctx of deliveries) await record(ctx);
  }
}

async function record({ manager, node, envelope, payload }: DeliveryContext<typeof MessageType.CoverageProgress>): Promise<void> {
  if (envelope.origin !== payload.originNodeId || !TERM.test(payload.term)) throw new InvalidPayloadError(`coverage of ${payload.originNodeId} must come from it, for a term like 2022-2027`);
  const scheduled = payload.scheduled ?? 0;
  const atRisk = payload.atRisk ?? 0;
  if (payload.inspected + scheduled > payload.organisations || atRisk > payload.organisations - payload.inspected - scheduled) {
    throw new InvalidPayloadError(`coverage tally ${payload.inspected}+${scheduled}/${payload.organisations} (at risk ${atRisk}) is not a tally`);
  }
  await manager.query(
    `INSERT INTO coverage_report (node_id, origin_node_id, term, organisations, inspected, scheduled, at_risk, term_ends_on, revision, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (node_id, origin_node_id, term) DO UPDATE SET organisations = EXCLUDED.organisations, inspected = EXCLUDED.inspected, scheduled = EXCLUDED.scheduled,
       at_risk = EXCLUDED.at_risk, term_ends_on = EXCLUDED.term_ends_on, revision = EXCLUDED.revision, reported_at = EXCLUDED.reported_at
     WHERE coverage_report.revision < EXCLUDED.revision`,
    [node.id, payload.originNodeId, payload.term, payload.organisations, payload.inspected, scheduled, atRisk, payload.termEndsOn ?? null, payload.revision, payload.changedAt],
  );
}
