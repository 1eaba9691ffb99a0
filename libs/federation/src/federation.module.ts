import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Access } from './auth/access.service';
import { CallerTokens } from './auth/caller-tokens';
import { DatabaseConfig, FederationConfig, HostConfig, RedisConfig } from './config/host-config';
import { HandlerRegistry } from './handlers/handler-registry';
import { HierarchyResolver } from './hierarchy/hierarchy.resolver';
import { LabelsResolver } from './labels/labels.resolver';
import { ScrapeGauges } from './observability/scrape-gauges';
import { ProbeHandler } from './probe/probe.handler';
import { ProbeService } from './probe/probe.service';
import { Registry } from './registry/registry';
import { SealedContent } from './sealing/sealed-content';
import { FederationStatusResolver } from './status/federation-status.resolver';
import { FederationStatusService } from './status/federation-status.service';
import { Acknowledgements } from './transport/acknowledgements';
import { ContentSignatures } from './transport/content-signatures';
import { DeadLetterService } from './transport/dead-letter.service';
import { EnvelopeValidator } from './transport/envelope-validator';
import { FederationMetrics } from './transport/federation-metrics';
import { FederationTransactions } from './transport/federation-transactions';
import { FederationWorker } from './transport/federation.worker';
import { GapMonitor } from './transport/gap-monitor';
import { HostContext } from './transport/host-context';
import { InboxApplier } from './transport/inbox-applier';
import { MessageApplication } from './transport/message-application';
import { InboxService } from './transport/inbox.service';
import { KeyRing } from './transport/key-ring';
import { LocalDeliveries } from './transport/local-deliveries';
import { OutboxService } from './transport/outbox.service';
import { QueueConnections } from './transport/queue-connections';
import { RelayService } from './transport/relay.service';

/**
 * The federation of one host: its place in the registry, its keys, the outbox relay and the inbox
 * worker. Global, so that feature modules inject `FederationTransactions`, `HostContext` and
 * `Registry` without importing it.
 */
@Module({})
export class FederationModule {
  static forRoot(config: HostConfig, registry: Registry, keyRing: KeyRing): DynamicModule {
    const host = new HostContext(config.hostId, registry);
    return {
      module: FederationModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: HostConfig, useValue: config },
        { provide: FederationConfig, useValue: config.federation },
        { provide: RedisConfig, useValue: config.redis },
        { provide: DatabaseConfig, useValue: config.database },
        { provide: Registry, useValue: registry },
        { provide: HostContext, useValue: host },
        { provide: KeyRing, useValue: keyRing },
        { provide: QueueConnections, useFactory: () => new QueueConnections(config.redis) },
        { provide: CallerTokens, useValue: new CallerTokens(config.auth.jwtSecret.reveal()) },
        Access,
        FederationMetrics,
        ScrapeGauges,
        HandlerRegistry,
        EnvelopeValidator,
        DeadLetterService,
        LocalDeliveries,
        OutboxService,
        RelayService,
        InboxService,
        InboxApplier,
        MessageApplication,
        Acknowledgements,
        GapMonitor,
        FederationWorker,
        FederationTransactions,
        ContentSignatures,
        FederationStatusService,
        FederationStatusResolver,
        HierarchyResolver,
        LabelsResolver,
        ProbeService,
        ProbeHandler,
        SealedContent,
      ],
      exports: [HostConfig, Registry, HostContext, FederationTransactions, ContentSignatures, FederationMetrics, QueueConnections, CallerTokens, Access, SealedContent],
    };
  }
}
