/**
 * queue: the cost of BullMQ's reliability. An empty job's round trip (add → worker picks it up →
 * completes) against the floor of Redis itself: LPUSH then a blocked BRPOP on raw ioredis, same Redis,
 * same run.
 */
import { randomUUID } from "node:crypto";
import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { percentile, type Bench } from "./harness";

const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

async function rawRoundTrips(n: number): Promise<number[]> {
  const producer = new Redis(REDIS_URL);
  const consumer = new Redis(REDIS_URL);
  const key = `bench:raw:${randomUUID()}`;
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    const popped = consumer.brpop(key, 5);
    await producer.lpush(key, "x");
    await popped;
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  producer.disconnect();
  consumer.disconnect();
  return samples;
}

async function bullRoundTrips(n: number): Promise<number[]> {
  const prefix = `{bench-${randomUUID()}}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue("bench", { connection, prefix });
  const events = new QueueEvents("bench", { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix });
  await events.waitUntilReady();
  const worker = new Worker("bench", async () => undefined, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix, concurrency: 1 });
  await worker.waitUntilReady();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    const job = await queue.add("bench", {}, { jobId: `j${i}` });
    await job.waitUntilFinished(events, 5_000);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return samples;
}

const bench: Bench = {
  name: "queue",
  description: "empty BullMQ job round trip vs raw ioredis LPUSH/BRPOP",
  async run(ctx) {
    const n = Math.max(200, Math.round(2000 * ctx.scale));
    ctx.progress(`${n} raw LPUSH/BRPOP round trips…`);
    const raw = await rawRoundTrips(n);
    ctx.progress(`${n} BullMQ add → process → complete round trips…`);
    const bull = await bullRoundTrips(n);
    const p50 = percentile(bull, 50);
    const p99 = percentile(bull, 99);
    return [
      { metric: "round trip p50", value: round(p50), unit: "ms", baseline: round(percentile(raw, 50)), baselineLabel: "raw LPUSH/BRPOP", goal: "a few ms: the price of durability, not a bottleneck at 50 orders/s" },
      { metric: "round trip p99", value: round(p99), unit: "ms", baseline: round(percentile(raw, 99)), baselineLabel: "raw LPUSH/BRPOP" },
    ];
  },
};

const round = (x: number) => Math.round(x * 1000) / 1000;
export default bench;
