/**
 * What the admin's buttons ask the back office to do, behind one small interface so routes stay
 * thin and tests can point it at their own queue prefix. The BullMQ implementation enqueues on the
 * queues from app/queues with named job ids, so a double click adds one job.
 */
import { Job } from "bullmq";
import { getConfig } from "../config.server";
import type { ExceptionRow } from "../db/queries/exceptions.server";
import { pushTrackingJobId, routeJobId } from "../queues/keys";
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
   * Cancel shipments at their warehouses. Absent until a cancel queue exists in app/queues; the
   * order page hides the action rather than pretend.
   */
  cancelAtWarehouse?: (allocationIds: number[], correlationId: string) => Promise<void>;
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

export function queueAdminCommands(queues: Queues): AdminCommands {
  return {
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
