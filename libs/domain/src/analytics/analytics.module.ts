import { Module } from '@nestjs/common';
import { AnalyticsTree } from './analytics-tree.service';
import { AnalyticsResolver } from './analytics.resolver';
import { AnalyticsService } from './analytics.service';

/** Roll-ups of the subtree at every node, materialised by triggers (migration 1763801000000). */
@Module({
  providers: [AnalyticsService, AnalyticsTree, AnalyticsResolver],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
