import { DeliveryContext, HandlesMessage, InvalidPayloadError, MessageHandler, MessageType } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { TERM } from './dto/coverage.inputs';

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
  if (!Number.isInteger(payload.organisations) || !Number.isInteger(payload.inspected) || payload.inspected > payload.organisations || payload.inspected < 0) {
    throw new InvalidPayloadError(`coverage tally ${payload.inspected}/${payload.organisations} is not a tally`);
  }
  await manager.query(
    `INSERT INTO coverage_report (node_id, origin_node_id, term, organisations, inspected, revision, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (node_id, origin_node_id, term) DO UPDATE SET organisations = EXCLUDED.organisations, inspected = EXCLUDED.inspected, revision = EXCLUDED.revision, reported_at = EXCLUDED.reported_at
     WHERE coverage_report.revision < EXCLUDED.revision`,
    [node.id, payload.originNodeId, payload.term, payload.organisations, payload.inspected, payload.revision, payload.changedAt],
  );
}
