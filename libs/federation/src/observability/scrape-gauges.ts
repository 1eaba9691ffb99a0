import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FederationMetrics } from '../transport/federation-metrics';
import { HostContext } from '../transport/host-context';
import { QueueConnections } from '../transport/queue-connections';

/**
 * Gauges read at scrape time rather than kept up to date on every write: the outbox backlog is one
 * count over the partial set of unacknowledged rows, the queue depth one BullMQ getJobCounts on
 * this host's inbox queue. A scrape while PostgreSQL or Redis is away keeps the last value.
 */
@Injectable()
export class ScrapeGauges implements OnModuleInit {
  constructor(
    private readonly metrics: FederationMetrics,
    private readonly dataSource: DataSource,
    private readonly connections: QueueConnections,
    private readonly host: HostContext,
  ) {}

  onModuleInit(): void {
    this.metrics.scrapeSources.outboxBacklog = async () => {
      const [row] = await this.dataSource.query(
        `SELECT count(*) FILTER (WHERE last_published_at IS NULL)::int AS unpublished, count(*)::int AS unacknowledged FROM federation_outbox WHERE acked_at IS NULL`,
      );
      return { unpublished: row.unpublished, unacknowledged: row.unacknowledged };
    };
    this.metrics.scrapeSources.queueDepth = async () =>
      this.connections.inbox(this.host.hostId).getJobCounts('wait', 'active', 'delayed', 'prioritized', 'failed') as Promise<Record<string, number>>;
  }
}
