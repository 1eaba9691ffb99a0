import { Injectable } from '@nestjs/common';
import { DeliveryContext, HandlesMessage, MessageHandler } from '../handlers/message-handler';
import { MessageType } from '../messages/message-type';

@Injectable()
@HandlesMessage(MessageType.Probe)
export class ProbeHandler implements MessageHandler<MessageType.Probe> {
  async apply({ manager, envelope, payload }: DeliveryContext<MessageType.Probe>): Promise<void> {
    await manager.query(
      `INSERT INTO federation_probe (message_id, node_id, origin, label, body_bytes, channel_seq, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [envelope.messageId, envelope.to, envelope.origin, payload.label, Buffer.byteLength(payload.body ?? ''), envelope.seq, envelope.createdAt],
    );
  }
}
