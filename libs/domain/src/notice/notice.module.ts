import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../common/common.module';
import { Notice, NoticeRecipient } from './notice.entity';
import { NoticeAcknowledgedHandler, NoticeIssuedHandler } from './notice.handlers';
import { NoticeQueries } from './notice.queries';
import { NoticeResolver } from './notice.resolver';
import { NoticeService } from './notice.service';

@Module({
  imports: [TypeOrmModule.forFeature([Notice, NoticeRecipient]), CommonModule],
  providers: [NoticeService, NoticeQueries, NoticeResolver, NoticeIssuedHandler, NoticeAcknowledgedHandler],
  exports: [NoticeService],
})
export class NoticeModule {}
