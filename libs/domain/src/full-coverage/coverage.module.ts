import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalyticsModule } from '../analytics/analytics.module';
import { CommonModule } from '../common/common.module';
import { CoverageConfig, loadCoverageConfig } from './coverage-config';
import { CoverageProgressHandler } from './coverage.handlers';
import { CoverageQueries } from './coverage.queries';
import { CoverageResolver } from './coverage.resolver';
import { CoverageService } from './coverage.service';
import { CoverageSweep } from './coverage-sweep';
import { InspectionTerm } from './term.entity';

/** 全覆盖 per term over the register: tallies recounted on every change, sent up, rolled up by the analytics triggers. */
@Module({
  imports: [TypeOrmModule.forFeature([InspectionTerm]), CommonModule, AnalyticsModule],
  providers: [{ provide: CoverageConfig, useFactory: () => loadCoverageConfig() }, CoverageService, CoverageQueries, CoverageResolver, CoverageProgressHandler, CoverageSweep],
  exports: [CoverageService],
})
export class CoverageModule {}
