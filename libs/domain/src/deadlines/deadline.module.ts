import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlineAlert } from './deadline-alert.entity';
import { DeadlineConfig, loadDeadlineConfig } from './deadline-config';
import { DeadlineStatusHandler } from './deadline-status.handler';
import { DeadlineSweep } from './deadline-sweep.service';
import { DeadlineTracker } from './deadline-tracker.service';
import { DeadlineResolver } from './deadline.resolver';
import { DeadlineService } from './deadline.service';
import { TrackedDeadline } from './tracked-deadline.entity';

/** Obligations with a due date, their roll-up to every ancestor, the overdue sweep and its alerts. */
@Module({
  imports: [TypeOrmModule.forFeature([TrackedDeadline, DeadlineAlert])],
  providers: [
    { provide: DeadlineConfig, useFactory: () => loadDeadlineConfig() },
    DeadlineTracker,
    DeadlineSweep,
    DeadlineStatusHandler,
    DeadlineService,
    DeadlineResolver,
  ],
  exports: [DeadlineTracker, DeadlineService],
})
export class DeadlineModule {}
