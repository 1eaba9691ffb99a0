import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProblemClue, ProblemClueContent } from './problem-clue.entity';
import { ProblemClueDelivery } from './problem-clue-delivery.service';
import { problemClueHandlers } from './problem-clue.handlers';
import { ProblemClueQueries } from './problem-clue-queries.service';
import { ProblemClueResolver } from './problem-clue.resolver';
import { ProblemClueService } from './problem-clue.service';

/** 问题线索: recording, transfer by cadre-management level, disposal and its report back down. */
@Module({
  imports: [TypeOrmModule.forFeature([ProblemClue, ProblemClueContent])],
  providers: [ProblemClueService, ProblemClueDelivery, ProblemClueQueries, ProblemClueResolver, ...problemClueHandlers],
  exports: [ProblemClueService],
})
export class ProblemClueModule {}
