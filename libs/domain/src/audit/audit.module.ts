import { DENIAL_RECORDER } from '@app/federation';
import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditInterceptor } from './audit.interceptor';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/**
 * The audit log. Global so that the host's guard finds the denial recorder and any feature can
 * record a confidential read; the interceptor audits every mutation and refusal in one place.
 */
@Global()
@Module({
  providers: [AuditService, AuditResolver, { provide: DENIAL_RECORDER, useExisting: AuditService }, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService, DENIAL_RECORDER],
})
export class AuditModule {}
