import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlineModule } from '../deadlines/deadline.module';
import { RectificationDelivery } from './rectification-delivery.service';
import { Rectification } from './rectification.entity';
import { rectificationHandlers } from './rectification.handlers';
import { RectificationProblem, RectificationReopening, RectificationStage, RectificationTask } from './rectification-item.entity';
import { RectificationReopenings } from './rectification-reopenings';
import { RectificationQueries } from './rectification-queries.service';
import { RectificationRecords } from './rectification-records';
import { RectificationReport, RectificationReviewOpinion } from './rectification-report.entity';
import { RectificationResolver } from './rectification.resolver';
import { RectificationSupervision } from './rectification-supervision.service';
import { RectificationWork } from './rectification-work.service';

/** 整改 under the deadlines of seed 000, between the supervising level and where the organisation is served. */
@Module({
  imports: [TypeOrmModule.forFeature([Rectification, RectificationProblem, RectificationTask, RectificationStage, RectificationReport, RectificationReviewOpinion, RectificationReopening]), DeadlineModule],
  providers: [RectificationReopenings, RectificationRecords, RectificationSupervision, RectificationWork, RectificationDelivery, RectificationQueries, RectificationResolver, ...rectificationHandlers],
  exports: [RectificationSupervision, RectificationWork],
})
export class RectificationModule {}
