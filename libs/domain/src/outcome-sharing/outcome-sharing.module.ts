import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NoticeModule } from '../notice/notice.module';
import { CommonProblemNotices } from './common-problem-notice.service';
import { OutcomeSharedHandler } from './outcome-shared.handler';
import { OutcomeSharingResolver } from './outcome-sharing.resolver';
import { OutcomeSharingService } from './outcome-sharing.service';
import { SharedOutcome } from './shared-outcome.entity';

/** 成果共享: outcomes shared upward and rolled up at every level; common problems go back down as notices. */
@Module({
  imports: [TypeOrmModule.forFeature([SharedOutcome]), NoticeModule],
  providers: [OutcomeSharingService, CommonProblemNotices, OutcomeSharedHandler, OutcomeSharingResolver],
  exports: [OutcomeSharingService],
})
export class OutcomeSharingModule {}
