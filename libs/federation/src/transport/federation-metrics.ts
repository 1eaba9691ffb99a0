import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register } from 'prom-client';

/** Read when /metrics is scraped; filled in by ScrapeGauges once the database and queues exist. */
export interface ScrapeSources {
  outboxBacklog?: () => Promise<{ unpublished: number; unacknowledged: number }>;
  queueDepth?: () => Promise<Record<string, number>>;
}
const scrapeSources: ScrapeSources = {};

/** A failed read (PostgreSQL or Redis away) must not fail the scrape: the gauge keeps its last value. */
async function quietly<T>(read: (() => Promise<T>) | undefined, use: (value: T) => void): Promise<void> {
  if (!read) return;
  try {
    use(await read());
  } catch {
    // keep the last value
  }
}

function metric<M>(name: string, create: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? create();
}

/** Prometheus series of the federation, scraped at /metrics. */
@Injectable()
export class FederationMetrics {
  readonly sent = metric('federation_messages_sent_total', () => new Counter({ name: 'federation_messages_sent_total', help: 'Messages written to the outbox', labelNames: ['type'] }));
  readonly published = metric('federation_messages_published_total', () => new Counter({ name: 'federation_messages_published_total', help: 'Outbox rows published to BullMQ, first time or again' }));
  readonly deliveredLocally = metric('federation_messages_delivered_locally_total', () => new Counter({ name: 'federation_messages_delivered_locally_total', help: 'Messages to a node of this host, written to its inbox in the sending transaction instead of published' }));
  readonly redelivered = metric('federation_messages_redelivered_total', () => new Counter({ name: 'federation_messages_redelivered_total', help: 'Outbox rows published again because no acknowledgement came in time' }));
  readonly applied = metric('federation_messages_applied_total', () => new Counter({ name: 'federation_messages_applied_total', help: 'Messages applied at their destination or relayed', labelNames: ['type', 'outcome'] }));
  readonly duplicates = metric('federation_messages_duplicate_total', () => new Counter({ name: 'federation_messages_duplicate_total', help: 'Deliveries skipped because the message was already stored' }));
  readonly rejected = metric('federation_messages_rejected_total', () => new Counter({ name: 'federation_messages_rejected_total', help: 'Messages sent to the dead-letter table', labelNames: ['reason'] }));
  readonly hopLatency = metric('federation_hop_latency_seconds', () => new Histogram({
    name: 'federation_hop_latency_seconds',
    help: 'From outbox commit at the sender to apply at the receiver, per hop',
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }));
  readonly scrapeSources = scrapeSources;
  readonly outboxBacklog = metric('federation_outbox_unacknowledged', () => new Gauge({
    name: 'federation_outbox_unacknowledged',
    help: 'Outbox rows not yet acknowledged by their receiver',
    async collect() {
      await quietly(scrapeSources.outboxBacklog, (backlog) => this.set(backlog.unacknowledged));
    },
  }));
  readonly outboxUnpublished = metric('federation_outbox_unpublished', () => new Gauge({
    name: 'federation_outbox_unpublished',
    help: 'Outbox rows never yet published to Redis',
    async collect() {
      await quietly(scrapeSources.outboxBacklog, (backlog) => this.set(backlog.unpublished));
    },
  }));
  readonly queueDepth = metric('federation_queue_depth', () => new Gauge({
    name: 'federation_queue_depth',
    help: "Jobs in this host's BullMQ inbox queue, by state (a job carries up to 100 envelopes)",
    labelNames: ['state'],
    async collect() {
      await quietly(scrapeSources.queueDepth, (counts) => {
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      });
    },
  }));
}
