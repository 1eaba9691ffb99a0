import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../common/common.module';
import { DeadlineModule } from '../deadlines/deadline.module';
import { DispatchRecords } from './dispatch-records';
import { Dispatch, DispatchStep, DispatchTarget } from './dispatch.entity';
import { DispatchQueries } from './dispatch.queries';
import { DispatchService } from './dispatch.service';

/**
 * The shape shared by supervision teams, special checks and notices: dispatched down to targets,
 * recorded at every level on the way, a step log per target, a rules table per flow. Each flow's
 * module brings its inputs, resolver, rules, labels and message contracts.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Dispatch, DispatchTarget, DispatchStep]), CommonModule, DeadlineModule],
  providers: [DispatchService, DispatchRecords, DispatchQueries],
  exports: [DispatchService, DispatchRecords, DispatchQueries, CommonModule],
})
export class DispatchModule {}
