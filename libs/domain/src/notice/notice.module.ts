import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { NoticeAcknowledgedHandler, NoticeIssuedHandler } from './notice.handlers';
import { NoticeResolver } from './notice.resolver';
import { NoticeService } from './notice.service';

@Module({
  imports: [DispatchModule],
  providers: [NoticeService, NoticeResolver, NoticeIssuedHandler, NoticeAcknowledgedHandler],
  exports: [NoticeService],
})
export class NoticeModule {}
