import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { SupervisionTeamDispatchedHandler, SupervisionTeamStepHandler } from './supervision-team.handlers';
import { SupervisionTeamResolver } from './supervision-team.resolver';
import { SupervisionTeamService } from './supervision-team.service';

@Module({
  imports: [DispatchModule],
  providers: [SupervisionTeamService, SupervisionTeamResolver, SupervisionTeamDispatchedHandler, SupervisionTeamStepHandler],
  exports: [SupervisionTeamService],
})
export class SupervisionTeamModule {}
