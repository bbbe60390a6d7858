/**
 * The shipment relay, the inbox relay's twin for the other end of an order: a parcel that left the
 * warehouse but whose storefront still has no fulfillment for it (allocations.channel_fulfillment_id
 * null) has its push queued again under its own job id, and retried when BullMQ holds that job as
 * failed. Postgres says what is owed; Redis only carries it.
 *
 * Why retry a failed push: a push refused for a reason that later goes away stays failed, and a later
 * add under its id is a no-op. Shopify refuses every fulfillment while a cancellation request is
 * pending; after Corridor rejects the request the parcel must be pushed, and if the one job queued for
 * that was lost (Redis restarting at that moment), nothing else would push it (finding 24). Retries are
 * capped, so a push that can never succeed (the merchant removed the lines) stops asking Shopify.
 */
import { and, eq, gt, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { allocations, orders } from "../db/schema";
import { pushTrackingJobId } from "../queues/keys";
import { QUEUE } from "../queues/names";
import type { Queues } from "../queues/queues.server";
import { retryFailedJobs } from "../queues/retry-failed-jobs.server";

/** Statuses of a parcel that has left the warehouse with a tracking number. */
const LEFT_THE_WAREHOUSE = ["shipped", "in_transit", "delivered"] as const;

/** Push attempts (BullMQ's own 8, then one per relay pass) after which a push is left to the merchant. */
export const MAX_RELAYED_PUSH_ATTEMPTS = 20;

export interface ShipmentRelayOutcome {
  /** Unpushed shipments seen (their adds are no-ops while their jobs live). */
  relayed: number;
  /** Failed push jobs retried. */
  retried: number;
}

export async function relayUnpushedShipments(
  deps: { db: Database; queues: Queues },
  opts: { quietForMs?: number; withinMs?: number; limit?: number } = {},
): Promise<ShipmentRelayOutcome> {
  // Last change a minute ago: a parcel whose events are still arriving has its pushes queued by them.
  const quietFor = opts.quietForMs ?? 60_000;
  // A shipment nobody could push for a day (shop uninstalled) is not asked about for ever.
  const within = opts.withinMs ?? 24 * 3_600_000;
  const rows = await deps.db
    .select({ id: allocations.id, trackingNumber: allocations.trackingNumber, channel: orders.channel, correlationId: orders.correlationId })
    .from(allocations)
    .innerJoin(orders, eq(orders.id, allocations.orderId))
    .where(
      and(
        isNull(allocations.channelFulfillmentId),
        isNotNull(allocations.trackingNumber),
        inArray(allocations.status, [...LEFT_THE_WAREHOUSE]),
        lt(allocations.updatedAt, sql`now() - make_interval(secs => ${quietFor / 1000})`),
        gt(allocations.updatedAt, sql`now() - make_interval(secs => ${within / 1000})`),
      ),
    )
    .orderBy(allocations.updatedAt)
    .limit(opts.limit ?? 500);
  if (rows.length === 0) return { relayed: 0, retried: 0 };

  const queue = deps.queues.get(QUEUE.pushTracking);
  const jobs = rows.map((r) => {
    const push = { kind: "shipment" as const, allocationId: r.id, trackingNumber: r.trackingNumber, channel: r.channel };
    return { jobId: pushTrackingJobId(push), data: { ...push, correlationId: r.correlationId ?? `relay-shipment-${r.id}` } };
  });
  await queue.addBulk(jobs.map((j) => ({ name: QUEUE.pushTracking, data: j.data, opts: { jobId: j.jobId } })));

  const retried = await retryFailedJobs(deps.queues, queue, jobs.map((j) => j.jobId), (job) => job.attemptsMade < MAX_RELAYED_PUSH_ATTEMPTS);
  return { relayed: rows.length, retried };
}
