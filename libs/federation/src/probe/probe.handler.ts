import { Injectable } from '@nestjs/common';
import { DeliveryContext, HandlesMessage, MessageHandler } from '../handlers/message-handler';
import { MessageType } from '../messages/catalog';

@Injectable()
@HandlesMessage(MessageType.Probe)
export class ProbeHandler implements MessageHandler<typeof MessageType.Probe> {
  async apply(deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.Probe>>): Promise<void> {
    await deliveries[0].manager.query(
      `INSERT INTO federation_probe (message_id, node_id, origin, label, body_bytes, channel_seq, sent_at)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::text[], $5::int[], $6::bigint[], $7::timestamptz[])`,
      [
        deliveries.map(({ envelope }) => envelope.messageId),
        deliveries.map(({ envelope }) => envelope.to),
        deliveries.map(({ envelope }) => envelope.origin),
        deliveries.map(({ payload }) => payload.label),
        deliveries.map(({ payload }) => Buffer.byteLength(payload.body ?? '')),
        deliveries.map(({ envelope }) => envelope.seq),
        deliveries.map(({ envelope }) => envelope.createdAt),
      ],
    );
  }
}
