import { Injectable } from '@nestjs/common';
import { HandlesMessage, MessageType } from '@app/federation';
import { DispatchedHandler, DispatchStepHandler } from '../dispatch/dispatch.handlers';
import { NOTICE } from './notice.flow';

/** A notice on its way down: every level records it and the recipient it is for. */
@Injectable()
@HandlesMessage(MessageType.NoticeIssued)
export class NoticeIssuedHandler extends DispatchedHandler<typeof MessageType.NoticeIssued> {
  protected readonly flow = NOTICE;
}

/** A read receipt on its way up: every level notes who has read. */
@Injectable()
@HandlesMessage(MessageType.NoticeAcknowledged)
export class NoticeAcknowledgedHandler extends DispatchStepHandler<typeof MessageType.NoticeAcknowledged> {
  protected readonly flow = NOTICE;
}
