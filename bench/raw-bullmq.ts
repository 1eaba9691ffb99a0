import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { createRedisClient } from '@app/federation/transport/redis-client';

/**
 * The baseline of the transport benchmarks: `count` jobs carrying `payload`, added one by one (32
 * in flight) to a plain BullMQ queue and processed by a plain worker (concurrency 16) on the same
 * Redis. Returns the seconds from the first add to the last job processed.
 */
export async function rawBullmqSeconds(redisUrl: string, count: number, payload: object): Promise<number> {
  const prefix = `{bench-${randomBytes(3).toString('hex')}}`;
  // The same kind of connection the hosts make: one server, or a cluster (redis+cluster://…).
  const connection = createRedisClient(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('raw', { connection, prefix });
  let processed = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const worker = new Worker(
    'raw',
    async (job) => {
      JSON.stringify(job.data);
      if (++processed === count) resolveDone();
    },
    { connection: createRedisClient(redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency: 16 },
  );
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < count; i++) {
    const add = queue.add('envelope', { ...payload, i }, { jobId: `m${i}`, removeOnComplete: true, removeOnFail: true });
    inFlight.add(add);
    void add.finally(() => inFlight.delete(add));
    if (inFlight.size >= 32) await Promise.race(inFlight);
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  connection.disconnect();
  return seconds;
}
