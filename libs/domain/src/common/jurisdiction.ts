import { Injectable } from '@nestjs/common';
import { Access, Caller, HostContext, Role } from '@app/federation';
import { CommonErrorCode, CommonException } from './common.exception';

/** The two questions every downward resolver asks before calling its service. */
@Injectable()
export class Jurisdiction {
  constructor(
    private readonly access: Access,
    private readonly host: HostContext,
  ) {}

  /** Acting as `nodeId`'s office: issuing, amending, acknowledging, reporting. */
  act(caller: Caller, nodeId: string, ...roles: Role[]): void {
    this.access.assertRole(caller, ...(roles.length > 0 ? roles : [Role.InspectionOffice]));
    this.access.assertActsFor(caller, nodeId);
  }

  /** Reading what `nodeId` holds: the caller's own node or a descendant whose records live on this host. */
  read(caller: Caller, nodeId: string): void {
    this.access.assertWithin(caller, nodeId);
    if (!this.host.serves(nodeId)) {
      throw new CommonException(
        CommonErrorCode.NodeNotServedHere,
        `node ${nodeId} keeps its records on host ${this.host.hostOf(nodeId)}; here, read the roll-up of your own node instead`,
      );
    }
  }
}
