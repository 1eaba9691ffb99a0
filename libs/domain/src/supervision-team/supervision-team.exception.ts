import { AppError, ErrorKind, assertUnreachable, registerErrorLabels } from '@app/federation';

export enum SupervisionTeamErrorCode {
  NotFound = 'TEAM_NOT_FOUND',
  NotDispatcher = 'NOT_TEAM_DISPATCHER',
  NotVisited = 'NOT_VISITED_NODE',
  IllegalStep = 'ILLEGAL_STEP',
  InvalidWindow = 'INVALID_VISIT_WINDOW',
}

registerErrorLabels(SupervisionTeamErrorCode, {
  TEAM_NOT_FOUND: '指导督导组不存在',
  NOT_TEAM_DISPATCHER: '只有派出指导督导组的层级可以办理此事项',
  NOT_VISITED_NODE: '只有被督导的层级可以办理此事项',
  ILLEGAL_STEP: '当前状态下不能进行这一步',
  INVALID_VISIT_WINDOW: '督导时间段无效：结束时间须晚于开始时间',
});

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
