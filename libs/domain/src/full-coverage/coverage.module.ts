import { Module } from '@nestjs/common';
import { CoverageProgressHandler } from './coverage.handlers';
import { CoverageResolver } from './coverage.resolver';
import { CoverageService } from './coverage.service';

/** 全覆盖: party organisations per term, inspected or not; tallies travel up to central. */
@Module({
  providers: [CoverageService, CoverageResolver, CoverageProgressHandler],
  exports: [CoverageService],
})
export class CoverageModule {}
