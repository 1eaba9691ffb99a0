import { AppError, ErrorKind, assertUnreachable } from '@app/federation';

export enum SupervisionTeamErrorCode {
  NotFound = 'TEAM_NOT_FOUND',
  NotDispatcher = 'NOT_TEAM_DISPATCHER',
  NotVisited = 'NOT_VISITED_NODE',
  IllegalStep = 'ILLEGAL_STEP',
  InvalidWindow = 'INVALID_VISIT_WINDOW',
}

export class SupervisionTeamException extends AppError<SupervisionTeamErrorCode> {
  get kind(): ErrorKind {
    switch (this.code) {
      case SupervisionTeamErrorCode.NotFound:
        return ErrorKind.NotFound;
      case SupervisionTeamErrorCode.NotDispatcher:
      case SupervisionTeamErrorCode.NotVisited:
        return ErrorKind.Forbidden;
      case SupervisionTeamErrorCode.IllegalStep:
        return ErrorKind.Conflict;
      case SupervisionTeamErrorCode.InvalidWindow:
        return ErrorKind.BadInput;
      default:
        return assertUnreachable(this.code);
    }
  }
}
