import { DENIAL_RECORDER } from '@app/federation';
import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditAnchorHandler } from './audit-anchor.handler';
import { AuditAnchorSender } from './audit-anchor.sender';
import { AuditConfig, loadAuditConfig } from './audit-config';
import { AuditInterceptor } from './audit.interceptor';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/**
 * The audit log. Global so that the host's guard finds the denial recorder and any feature can
 * record a confidential read; the interceptor audits every mutation and refusal in one place.
 * Each node's chain head is anchored at its parent (audit.anchor).
 */
@Global()
@Module({
  providers: [
    AuditService,
    AuditResolver,
    AuditAnchorSender,
    AuditAnchorHandler,
    { provide: AuditConfig, useFactory: () => loadAuditConfig() },
    { provide: DENIAL_RECORDER, useExisting: AuditService },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [AuditService, DENIAL_RECORDER],
})
export class AuditModule {}
