import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../common/common.module';
import { SpecialCheck, SpecialCheckStepRecord, SpecialCheckTarget } from './special-check.entity';
import { SpecialCheckNotifiedHandler, SpecialCheckStepHandler } from './special-check.handlers';
import { SpecialCheckQueries } from './special-check.queries';
import { SpecialCheckResolver } from './special-check.resolver';
import { SpecialCheckService } from './special-check.service';

@Module({
  imports: [TypeOrmModule.forFeature([SpecialCheck, SpecialCheckTarget, SpecialCheckStepRecord]), CommonModule],
  providers: [SpecialCheckService, SpecialCheckQueries, SpecialCheckResolver, SpecialCheckNotifiedHandler, SpecialCheckStepHandler],
  exports: [SpecialCheckService],
})
export class SpecialCheckModule {}
