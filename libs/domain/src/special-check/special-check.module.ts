import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { SpecialCheckNotifiedHandler, SpecialCheckStepHandler } from './special-check.handlers';
import { SpecialCheckResolver } from './special-check.resolver';
import { SpecialCheckService } from './special-check.service';

@Module({
  imports: [DispatchModule],
  providers: [SpecialCheckService, SpecialCheckResolver, SpecialCheckNotifiedHandler, SpecialCheckStepHandler],
  exports: [SpecialCheckService],
})
export class SpecialCheckModule {}
