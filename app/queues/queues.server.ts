/**
 * BullMQ queues over one ioredis connection. The prefix is wrapped in a Redis Cluster hash tag
 * ("{corridor}") so every key of a queue lands in one slot and the queues run on Redis Cluster as is.
 */
import { Queue, type JobsOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { ALL_QUEUES, type QueueName } from "./names";
import type { JobPayloads } from "./payloads";

export const clusterSafePrefix = (prefix: string) => (prefix.startsWith("{") ? prefix : `{${prefix}}`);

/** Defaults for every job: retries with exponential back-off; completed jobs trimmed, failed kept for replay. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

export function redisConnection(url: string, opts: RedisOptions = {}): Redis {
  // BullMQ workers need maxRetriesPerRequest null (blocking commands must not give up).
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...opts });
}

export interface Queues {
  add<Q extends QueueName>(queue: Q, data: JobPayloads[Q], opts: JobsOptions & { jobId: string }): Promise<void>;
  get(queue: QueueName): Queue;
  close(): Promise<void>;
  readonly prefix: string;
  readonly connection: Redis;
}

/**
 * Producers for every queue. `add` insists on a jobId: every job in Corridor is named by an
 * idempotency key from keys.ts, so adding it twice is harmless.
 */
export function createQueues(redisUrl: string, prefix: string, opts: { connection?: Redis } = {}): Queues {
  // Producers fail fast when Redis is down (the inbox relay re-enqueues later), unlike workers.
  const connection = opts.connection ?? new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
  // Connection errors surface to callers of add(); the event itself must not crash the process.
  connection.on("error", () => {});
  const fullPrefix = clusterSafePrefix(prefix);
  const queues = new Map<QueueName, Queue>();
  const get = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix: fullPrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // A producer's connection error is reported to the caller of add(); don't crash on the event.
      q.on("error", () => {});
      queues.set(name, q);
    }
    return q;
  };
  return {
    prefix: fullPrefix,
    connection,
    get,
    async add(queue, data, jobOpts) {
      await get(queue).add(queue, data, jobOpts);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      if (!opts.connection) connection.disconnect();
    },
  };
}

export { ALL_QUEUES };
