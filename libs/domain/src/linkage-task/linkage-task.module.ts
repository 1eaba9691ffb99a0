import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../common/common.module';
import { OrganisationModule } from '../organisation/organisation.module';
import { LinkageTaskConfig, loadLinkageTaskConfig } from './linkage-task.config';
import { LinkageTaskChild, LinkageTaskRecord, LinkageTaskUnit, LinkageTaskVersion } from './linkage-task.entity';
import { LinkageTaskAmendedHandler, LinkageTaskCancelledHandler, LinkageTaskIssuedHandler, LinkageTaskProgressHandler } from './linkage-task.handlers';
import { LinkageTaskArrivals } from './linkage-task.arrivals';
import { LinkageTaskLedger } from './linkage-task.ledger';
import { LinkageTaskProvenance } from './linkage-task.provenance';
import { LinkageTaskQueries } from './linkage-task.queries';
import { LinkageTaskRecipientService } from './linkage-task-recipient.service';
import { LinkageTaskResolver } from './linkage-task.resolver';
import { LinkageTaskService } from './linkage-task.service';
import { LinkageTaskSweeper } from './linkage-task.sweeper';

@Module({
  imports: [TypeOrmModule.forFeature([LinkageTaskRecord, LinkageTaskVersion, LinkageTaskUnit, LinkageTaskChild]), CommonModule, OrganisationModule],
  providers: [
    { provide: LinkageTaskConfig, useFactory: () => loadLinkageTaskConfig() },
    LinkageTaskLedger,
    LinkageTaskProvenance,
    LinkageTaskArrivals,
    LinkageTaskService,
    LinkageTaskRecipientService,
    LinkageTaskQueries,
    LinkageTaskResolver,
    LinkageTaskSweeper,
    LinkageTaskIssuedHandler,
    LinkageTaskAmendedHandler,
    LinkageTaskCancelledHandler,
    LinkageTaskProgressHandler,
  ],
  exports: [LinkageTaskService],
})
export class LinkageTaskModule {}
