import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RedisConfig } from '../config/host-config';
import { RedisClient, createRedisClient } from './redis-client';
import { controlQueueName, inboxQueueName } from './transport.types';

/**
 * One producer connection for all the inbox queues this host publishes to. It fails fast while
 * Redis is away (no offline queue) so that the relay gives up the round and PostgreSQL, which
 * keeps every unacknowledged message, drives the retry.
 */
@Injectable()
export class QueueConnections implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueConnections.name);
  readonly producer: RedisClient;
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly config: RedisConfig) {
    this.producer = createRedisClient(config.target, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    this.producer.on('error', (error) => this.logger.debug(`redis producer: ${error.message}`));
  }

  inbox(hostId: string): Queue {
    return this.queue(inboxQueueName(hostId));
  }

  control(hostId: string): Queue {
    return this.queue(controlQueueName(hostId));
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.config.queuePrefix });
      queue.on('error', (error) => this.logger.debug(`queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** A fresh connection for a blocking consumer (BullMQ requires no per-request retry limit there). */
  workerConnection(): RedisClient {
    const connection = createRedisClient(this.config.target, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2_000) });
    connection.on('error', (error) => this.logger.debug(`redis worker: ${error.message}`));
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.producer.disconnect();
  }
}
