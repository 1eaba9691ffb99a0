import { Module } from '@nestjs/common';
import { Jurisdiction } from './jurisdiction';
import { StatusEvents } from './status-events';
import { StatusEventsResolver } from './status-events.resolver';

/** What the downward flows share: access checks per node and live status events. */
@Module({
  providers: [Jurisdiction, StatusEvents, StatusEventsResolver],
  exports: [Jurisdiction, StatusEvents],
})
export class CommonModule {}
