/**
 * Runs one BullMQ Worker per queue over its processor, plus the relays (inbox, unpushed shipments).
 * close() stops taking jobs, waits for in-flight ones to finish (BullMQ's graceful close) and closes
 * connections, so a SIGTERM never loses a job: it completes, or its lock lapses and another worker
 * takes it over.
 */
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Config } from "../config.server";
import type { DbHandle } from "../db/client.server";
import { recordException, resolveExceptions } from "../exceptions/record-exception.server";
import { inBackground } from "../channels/call-priority";
import { relayPendingInbox } from "../inbox/relay.server";
import { relayUnpushedShipments } from "../tracking/relay-unpushed-shipments.server";
import type { HandlerContext } from "../inbox/topic-handler";
import { CorridorError, isRetryable } from "../lib/errors";
import type { Logger } from "../lib/logger.server";
import { QUEUE, type QueueName } from "./names";
import type { JobPayloads } from "./payloads";
import { processIngest } from "./processors/ingest.server";
import { processDispatch } from "./processors/dispatch.server";
import { processMaintenance, type SCHEDULED_TASKS } from "./processors/maintenance.server";
import { runPushTrackingJob } from "../tracking/push-to-storefront.server";
import { processPushStock } from "../stock/process-push-stock.server";
import "../tracking/pushers.server";
import { processRouteOrder } from "./processors/route-order.server";
import { clusterSafePrefix, createQueues, redisConnection, type Queues } from "./queues.server";

/** `token` is the worker's lock on the job, for processors that move it themselves (job.moveToDelayed). */
export type Processor<Q extends QueueName> = (ctx: HandlerContext, data: JobPayloads[Q], job: Job<JobPayloads[Q]>, token?: string) => Promise<unknown>;

export const PROCESSORS: { [Q in QueueName]?: Processor<Q> } = {
  [QUEUE.ingest]: (ctx, data) => processIngest(ctx, data),
  [QUEUE.maintenance]: (ctx, data, job) => processMaintenance(ctx, data, job),
  [QUEUE.routeOrder]: (ctx, data) => processRouteOrder(ctx, data),
  [QUEUE.dispatch]: (ctx, data) => processDispatch(ctx, data),
  [QUEUE.pushTracking]: (ctx, _data, job, token) => runPushTrackingJob(ctx, job, token),
  // Stock pushes yield to order intake and tracking under the platforms' rate limits (channels/call-priority.ts).
  [QUEUE.pushStock]: (ctx, data, job, token) => inBackground(() => processPushStock(ctx, data, job, token)),
};

/**
 * Longest a job may run before its attempt fails and frees its slot. A job that never settles (a call
 * whose connection died without an error reaching it) would otherwise hold the slot, and its lock is
 * kept alive meanwhile, so nothing else takes the job over: eight such jobs and the queue stops. The
 * retry is safe because every job is idempotent; the abandoned attempt may still finish, harmlessly.
 */
export const JOB_TIMEOUT_MS: Record<QueueName, number> = {
  [QUEUE.ingest]: 120_000,
  [QUEUE.routeOrder]: 120_000,
  [QUEUE.dispatch]: 180_000,
  [QUEUE.pushTracking]: 180_000,
  // Stock pushes pace themselves under platform limits, and catalog discovery reads whole shops.
  [QUEUE.pushStock]: 30 * 60_000,
  [QUEUE.maintenance]: 30 * 60_000,
};

async function withTimeout<T>(work: Promise<T>, ms: number, queue: QueueName): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CorridorError("JOB_TIMEOUT", `${queue} job ran over ${ms / 1000} s; its attempt is abandoned and retried`, { retryable: true })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Takeovers of a job whose worker died mid-job before BullMQ fails it (the relay retries ingest after). */
export const MAX_STALLED = 3;

export interface WorkerPool {
  workers: Worker[];
  queues: Queues;
  close(): Promise<void>;
}

export async function startWorkers(deps: {
  config: Config;
  db: DbHandle;
  logger: Logger;
  concurrency?: number;
  relayEveryMs?: number;
  /** How often unpushed shipments are relayed (relay-unpushed-shipments). */
  shipmentRelayEveryMs?: number;
  processors?: typeof PROCESSORS;
  /** Overrides JOB_TIMEOUT_MS per queue (tests). */
  jobTimeoutMs?: Partial<Record<QueueName, number>>;
  /** Scheduled maintenance (workers/main.ts passes SCHEDULED_TASKS; tests keep their queues quiet). */
  schedules?: typeof SCHEDULED_TASKS;
}): Promise<WorkerPool> {
  const { config, db, logger } = deps;
  const queues = createQueues(config.REDIS_URL, config.QUEUE_PREFIX);
  const ctx: HandlerContext = { db: db.db, queues, logger, config, now: () => new Date() };
  const processors = deps.processors ?? PROCESSORS;
  const workers: Worker[] = [];
  for (const [name, processor] of Object.entries(processors) as [QueueName, Processor<QueueName>][]) {
    const worker = new Worker(
      name,
      async (job: Job, token?: string) => {
        const log = logger.child({ queue: name, jobId: job.id, correlationId: (job.data as { correlationId?: string }).correlationId });
        try {
          return await withTimeout(processor({ ...ctx, logger: log }, job.data, job, token), deps.jobTimeoutMs?.[name] ?? JOB_TIMEOUT_MS[name], name);
        } catch (error) {
          // Retries are decided by type, not message: a non-retryable error stops here.
          if (!isRetryable(error)) throw new UnrecoverableError(error instanceof Error ? `${(error as CorridorError).code ?? "ERROR"}: ${error.message}` : String(error));
          throw error;
        }
      },
      {
        connection: redisConnection(config.REDIS_URL),
        prefix: clusterSafePrefix(config.QUEUE_PREFIX),
        concurrency: deps.concurrency ?? 8,
        autorun: true,
        // A job whose worker died under it is taken over, up to this many times, before BullMQ fails it
        // (1 by default: two crashes in a row, as on a bad deploy, would fail a healthy job).
        maxStalledCount: MAX_STALLED,
      },
    );
    worker.on("failed", (job, error) => {
      if (!job) return;
      const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      logger.warn({ queue: name, jobId: job.id, attempt: job.attemptsMade, final, err: error }, "job failed");
      if (!final) return;
      void recordException(db.db, {
        kind: "job_failed",
        subject: `job:${name}:${job.id}`,
        code: error.name === "UnrecoverableError" ? "UNRECOVERABLE" : "RETRIES_EXHAUSTED",
        reason: `${name} job ${job.id} failed after ${job.attemptsMade} attempts: ${error.message}`,
        replay: { queue: name, jobId: job.id, data: job.data as Record<string, unknown> },
        correlationId: (job.data as { correlationId?: string }).correlationId ?? null,
      }).catch((e: unknown) => logger.error({ err: e, jobId: job.id }, "could not record the exception of a failed job"));
    });
    worker.on("completed", (job) => {
      // A job that failed before (and was retried by a relay or an operator) closes its exception.
      if (job.attemptsMade <= 1) return;
      void resolveExceptions(db.db, "job_failed", `job:${name}:${job.id}`).catch((e: unknown) => logger.warn({ err: e, jobId: job.id }, "could not resolve the exception of a retried job"));
    });
    worker.on("error", (error) => logger.error({ queue: name, err: error }, "worker error"));
    workers.push(worker);
  }

  // Safety-net schedules; upserting is idempotent, so every worker process may do it at start.
  if (processors[QUEUE.maintenance]) {
    for (const { task, everyMs } of deps.schedules ?? []) {
      await queues
        .get(QUEUE.maintenance)
        .upsertJobScheduler(`every-${task}`, { every: everyMs }, { name: QUEUE.maintenance, data: { task, correlationId: `schedule-${task}` } })
        .catch((error: unknown) => logger.warn({ err: error, task }, "could not schedule a maintenance task (Redis unavailable?)"));
    }
  }

  // The relays: what Postgres says is owed and Redis may have lost (or failed) is queued again.
  const relays = [
    repeat(deps.relayEveryMs ?? 5_000, async () => {
      const r = await relayPendingInbox({ sql: db.sql, queues });
      if (r.retried) logger.warn(r, "relay: retried failed ingest jobs of pending inbox rows");
    }),
  ];
  if (processors[QUEUE.pushTracking]) {
    relays.push(
      repeat(deps.shipmentRelayEveryMs ?? 30_000, async () => {
        const r = await relayUnpushedShipments({ db: db.db, queues });
        if (r.retried) logger.warn(r, "relay: retried failed pushes of shipments not on their storefront");
      }),
    );
  }
  function repeat(everyMs: number, pass: () => Promise<void>): NodeJS.Timeout {
    let running = false;
    return setInterval(() => {
      if (running) return;
      running = true;
      pass()
        .catch((error: unknown) => logger.debug({ err: error }, "relay: skipped (Redis or Postgres unavailable)"))
        .finally(() => (running = false));
    }, everyMs);
  }

  return {
    workers,
    queues,
    async close() {
      for (const relay of relays) clearInterval(relay);
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
    },
  };
}
