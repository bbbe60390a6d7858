/**
 * What the admin's buttons ask the back office to do, behind one small interface so routes stay
 * thin and tests can point it at their own queue prefix. The BullMQ implementation enqueues on the
 * queues from app/queues with named job ids, so a double click adds one job.
 */
import { Job } from "bullmq";
import { getConfig } from "../config.server";
import { secretBoxFor } from "../lib/secret-box.server";
import type { Database } from "../db/client.server";
import { getDb } from "../db/db.server";
import type { ExceptionRow } from "../db/queries/exceptions.server";
import { cancelOrderAllocations, type CancelAllocationsOutcome } from "../orders/cancel-order-allocations.server";
import { manualStockSyncJobId, pushTrackingJobId, routeJobId } from "../queues/keys";
import { ALL_QUEUES, QUEUE, type QueueName } from "../queues/names";
import type { JobPayloads } from "../queues/payloads";
import { createQueues, type Queues } from "../queues/queues.server";

export interface AdminCommands {
  /** Queue routing for the order's new revision (the route job id includes the revision). */
  rerouteOrder(orderId: number, revision: number, correlationId: string): Promise<void>;
  /** Push these shipments' fulfillments (tracking number and URL) to the storefront again. */
  resendTracking(shipments: { allocationId: number; trackingNumber: string | null }[], correlationId: string): Promise<void>;
  /** Replay the work an exception recorded; false when it carries nothing replayable. */
  retryException(exception: ExceptionRow): Promise<boolean>;
  /**
   * Cancel the order's live shipments at their warehouses and release their stock, now: the
   * merchant needs to know whether the parcel was stopped, not that a request is queued.
   * The caller has checked the order belongs to the session's shop.
   */
  cancelAtWarehouse(orderId: number, correlationId: string): Promise<CancelAllocationsOutcome>;
  /** Enqueue a stock push for this storefront connection (the caller owns it); answers the job id to follow. */
  syncStockNow(connectionId: number, correlationId: string): Promise<string>;
  /** Where a manual stock sync stands, read from its BullMQ job; undefined once the job is gone. */
  stockSyncStatus(jobId: string): Promise<StockSyncStatus | undefined>;
}

export type StockSyncStatus =
  | { state: "pending" }
  | { state: "done"; pushed: number; considered: number }
  | { state: "skipped"; reason: string }
  | { state: "failed"; reason: string; willRetry: boolean };

/** Reads the push-stock processor's return value (PushStockResult) without trusting its shape. */
function syncStatusOf(job: Job, state: string): StockSyncStatus {
  if (state === "completed") {
    const value = job.returnvalue as { status?: string; reason?: string; summary?: { pushed?: number; considered?: number } } | null;
    if (value?.status === "skipped") return { state: "skipped", reason: String(value.reason ?? "") };
    return { state: "done", pushed: Number(value?.summary?.pushed ?? 0), considered: Number(value?.summary?.considered ?? 0) };
  }
  if (state === "failed") return { state: "failed", reason: job.failedReason ?? "", willRetry: false };
  // A job waiting for its back-off after a failed attempt is still in flight, but say why.
  if (job.failedReason) return { state: "failed", reason: job.failedReason, willRetry: true };
  return { state: "pending" };
}

/** The replay shape processors write into exceptions.replay. */
interface Replay {
  queue: QueueName;
  data: Record<string, unknown>;
  jobId?: string;
}

const isReplay = (value: unknown): value is Replay =>
  !!value &&
  typeof value === "object" &&
  ALL_QUEUES.includes((value as Replay).queue) &&
  typeof (value as Replay).data === "object" &&
  (value as Replay).data !== null;

export function queueAdminCommands(queues: Queues, deps: { db?: () => Database } = {}): AdminCommands {
  const db = deps.db ?? getDb;
  return {
    cancelAtWarehouse: (orderId, correlationId) => cancelOrderAllocations({ db: db(), box: secretBoxFor(getConfig()) }, orderId, correlationId),
    async syncStockNow(connectionId, correlationId) {
      const jobId = manualStockSyncJobId(connectionId, new Date());
      // A merchant who asks for a sync expects the storefront to match everything, not just the
      // changes still waiting: someone may have edited stock on the storefront by hand.
      await queues.add(QUEUE.pushStock, { connectionId, correlationId, scope: "all" }, { jobId });
      return jobId;
    },
    async stockSyncStatus(jobId) {
      const job = await Job.fromId(queues.get(QUEUE.pushStock), jobId);
      if (!job) return undefined;
      return syncStatusOf(job, await job.getState());
    },
    async rerouteOrder(orderId, revision, correlationId) {
      await queues.add(QUEUE.routeOrder, { orderId, revision, correlationId }, { jobId: routeJobId(orderId, revision) });
    },
    async resendTracking(shipments, correlationId) {
      // A fresh id per request: the original push job may still sit in Redis as completed.
      const stamp = Date.now().toString(36);
      for (const { allocationId, trackingNumber } of shipments) {
        const push = { kind: "shipment" as const, allocationId, trackingNumber };
        await queues.add(QUEUE.pushTracking, { ...push, correlationId }, { jobId: `${pushTrackingJobId(push)}-resend-${stamp}` });
      }
    },
    async retryException(exception) {
      const replay = exception.replay;
      if (!isReplay(replay)) return false;
      if (replay.jobId) {
        // A failed job is kept for a week: retrying it in place keeps its id (and its idempotency).
        const job = await Job.fromId(queues.get(replay.queue), replay.jobId);
        if (job && (await job.isFailed())) {
          await job.retry("failed");
          return true;
        }
      }
      const jobId = `${replay.jobId ?? `exception-${exception.id}`}-retry-${exception.id}`;
      const data = { correlationId: exception.correlationId ?? `exception-${exception.id}`, ...replay.data };
      await queues.add(replay.queue, data as unknown as JobPayloads[typeof replay.queue], { jobId });
      return true;
    },
  };
}

let current: AdminCommands | undefined;

/** The process's commands: BullMQ on the configured Redis, unless the server installed others. */
export function getAdminCommands(): AdminCommands {
  if (!current) {
    const config = getConfig();
    current = queueAdminCommands(createQueues(config.REDIS_URL, config.QUEUE_PREFIX));
  }
  return current;
}

/** Lets the web server (or a test) provide the commands, e.g. sharing its Queues instance. */
export function setAdminCommands(commands: AdminCommands | undefined): void {
  current = commands;
}
