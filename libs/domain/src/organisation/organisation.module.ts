import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../common/common.module';
import { CoverageModule } from '../full-coverage/coverage.module';
import { Organisation } from './organisation.entity';
import { OrganisationRegisteredHandler } from './organisation.handlers';
import { OrganisationQueries } from './organisation.queries';
import { OrganisationResolver } from './organisation.resolver';
import { OrganisationScope } from './organisation-scope';
import { OrganisationService } from './organisation.service';

/** 被巡视巡察党组织: each node's register, and its copies of the registers below it. */
@Module({
  imports: [TypeOrmModule.forFeature([Organisation]), CommonModule, CoverageModule],
  providers: [OrganisationService, OrganisationQueries, OrganisationScope, OrganisationResolver, OrganisationRegisteredHandler],
  exports: [OrganisationService, OrganisationQueries, OrganisationScope],
})
export class OrganisationModule {}
