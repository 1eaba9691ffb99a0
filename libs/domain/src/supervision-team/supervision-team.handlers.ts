import { Injectable } from '@nestjs/common';
import { HandlesMessage, MessageType } from '@app/federation';
import { DispatchedHandler, DispatchStepHandler } from '../dispatch/dispatch.handlers';
import { SUPERVISION_TEAM } from './supervision-team.flow';

/** A team on its way: every level records it and the node it visits. */
@Injectable()
@HandlesMessage(MessageType.SupervisionTeamDispatched)
export class SupervisionTeamDispatchedHandler extends DispatchedHandler<typeof MessageType.SupervisionTeamDispatched> {
  protected readonly flow = SUPERVISION_TEAM;
}

/** A step of one visited node's exchange, going down from the dispatcher or up from the visited node. */
@Injectable()
@HandlesMessage(MessageType.SupervisionTeamStep)
export class SupervisionTeamStepHandler extends DispatchStepHandler<typeof MessageType.SupervisionTeamStep> {
  protected readonly flow = SUPERVISION_TEAM;
}
