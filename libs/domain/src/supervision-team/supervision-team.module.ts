import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../common/common.module';
import { SupervisionTeam, SupervisionTeamStepRecord, SupervisionTeamTarget } from './supervision-team.entity';
import { SupervisionTeamDispatchedHandler, SupervisionTeamStepHandler } from './supervision-team.handlers';
import { SupervisionTeamQueries } from './supervision-team.queries';
import { SupervisionTeamResolver } from './supervision-team.resolver';
import { SupervisionTeamService } from './supervision-team.service';

@Module({
  imports: [TypeOrmModule.forFeature([SupervisionTeam, SupervisionTeamTarget, SupervisionTeamStepRecord]), CommonModule],
  providers: [SupervisionTeamService, SupervisionTeamQueries, SupervisionTeamResolver, SupervisionTeamDispatchedHandler, SupervisionTeamStepHandler],
  exports: [SupervisionTeamService],
})
export class SupervisionTeamModule {}
