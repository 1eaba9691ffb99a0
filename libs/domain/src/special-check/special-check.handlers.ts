import { Injectable } from '@nestjs/common';
import { HandlesMessage, MessageType } from '@app/federation';
import { DispatchedHandler, DispatchStepHandler } from '../dispatch/dispatch.handlers';
import { SPECIAL_CHECK } from './special-check.flow';

/** A check notice on its way: every level records it and the node it checks. */
@Injectable()
@HandlesMessage(MessageType.SpecialCheckNotified)
export class SpecialCheckNotifiedHandler extends DispatchedHandler<typeof MessageType.SpecialCheckNotified> {
  protected readonly flow = SPECIAL_CHECK;
}

/** A step of one checked node's exchange: reports going up, requirements, reviews and withdrawals coming down. */
@Injectable()
@HandlesMessage(MessageType.SpecialCheckStep)
export class SpecialCheckStepHandler extends DispatchStepHandler<typeof MessageType.SpecialCheckStep> {
  protected readonly flow = SPECIAL_CHECK;
}
