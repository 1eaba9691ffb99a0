import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../common/common.module';
import { FilingModule } from '../filing/filing.module';
import { CoverageModule } from '../full-coverage/coverage.module';
import { OrganisationModule } from '../organisation/organisation.module';
import { RectificationModule } from '../rectification/rectification.module';
import { InspectionRound, InspectionTeam, RoundEvent, RoundRevisit, RoundTarget } from './inspection-round.entity';
import { InspectionRoundSharedHandler } from './inspection-round.handlers';
import { InspectionRoundQueries } from './inspection-round.queries';
import { InspectionRoundResolver } from './inspection-round.resolver';
import { InspectionRoundService } from './inspection-round.service';
import { RoundSharing } from './round-sharing';

/** 第N轮巡视巡察: plans, teams, dated steps, filings up, feedback into rectification, copies at every node concerned. */
@Module({
  imports: [TypeOrmModule.forFeature([InspectionRound, InspectionTeam, RoundTarget, RoundEvent, RoundRevisit]), CommonModule, FilingModule, CoverageModule, OrganisationModule, RectificationModule],
  providers: [InspectionRoundService, InspectionRoundQueries, InspectionRoundResolver, RoundSharing, InspectionRoundSharedHandler],
  exports: [InspectionRoundQueries],
})
export class InspectionRoundModule {}
