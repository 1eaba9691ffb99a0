import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register } from 'prom-client';

function metric<M>(name: string, create: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? create();
}

/** Prometheus series of the federation, scraped at /metrics. */
@Injectable()
export class FederationMetrics {
  readonly sent = metric('federation_messages_sent_total', () => new Counter({ name: 'federation_messages_sent_total', help: 'Messages written to the outbox', labelNames: ['type'] }));
  readonly published = metric('federation_messages_published_total', () => new Counter({ name: 'federation_messages_published_total', help: 'Outbox rows published to BullMQ, first time or again' }));
  readonly redelivered = metric('federation_messages_redelivered_total', () => new Counter({ name: 'federation_messages_redelivered_total', help: 'Outbox rows published again because no acknowledgement came in time' }));
  readonly applied = metric('federation_messages_applied_total', () => new Counter({ name: 'federation_messages_applied_total', help: 'Messages applied at their destination or relayed', labelNames: ['type', 'outcome'] }));
  readonly duplicates = metric('federation_messages_duplicate_total', () => new Counter({ name: 'federation_messages_duplicate_total', help: 'Deliveries skipped because the message was already stored' }));
  readonly rejected = metric('federation_messages_rejected_total', () => new Counter({ name: 'federation_messages_rejected_total', help: 'Messages sent to the dead-letter table', labelNames: ['reason'] }));
  readonly hopLatency = metric('federation_hop_latency_seconds', () => new Histogram({
    name: 'federation_hop_latency_seconds',
    help: 'From outbox commit at the sender to apply at the receiver, per hop',
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }));
  readonly outboxBacklog = metric('federation_outbox_unacknowledged', () => new Gauge({ name: 'federation_outbox_unacknowledged', help: 'Outbox rows not yet acknowledged by their receiver' }));
}
