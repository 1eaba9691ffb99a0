import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlineModule } from '../deadlines/deadline.module';
import { FilingDelivery } from './filing-delivery.service';
import { FilingLinks } from './filing-links';
import { FilingQueries } from './filing-queries.service';
import { Filing } from './filing.entity';
import { filingHandlers } from './filing.handlers';
import { FilingResolver } from './filing.resolver';
import { FilingService } from './filing.service';
import { FilingVersion } from './filing-version.entity';

/** 报备 and the approval chain of consolidated filings. */
@Module({
  imports: [TypeOrmModule.forFeature([Filing, FilingVersion]), DeadlineModule],
  providers: [FilingLinks, FilingService, FilingDelivery, FilingQueries, FilingResolver, ...filingHandlers],
  exports: [FilingService],
})
export class FilingModule {}
