/**
 * push-tracking: tells the order's storefront about a shipment or a progress event, through the
 * channel that sold it. Each channel registers its pusher; an order from a channel without one is
 * an exception rather than a silent drop.
 */
import { eq } from "drizzle-orm";
import { allocations, orders } from "../db/schema";
import type { ChannelId } from "../domain/order";
import type { HandlerContext } from "../inbox/topic-handler";
import { CorridorError } from "../lib/errors";
import type { PushTrackingJob } from "../queues/payloads";

export interface TrackingPusher {
  /** Creates (or, after a carrier handover, updates) the storefront's fulfillment for the allocation. */
  pushShipment(ctx: HandlerContext, allocationId: number): Promise<string>;
  /** Posts one progress event; a late one (lower rank than what was pushed) is skipped. */
  pushEvent(ctx: HandlerContext, trackingEventId: number): Promise<string>;
}

/** Channel → its pusher; channels register at startup (app/tracking/pushers.server.ts). */
export const TRACKING_PUSHERS: Partial<Record<ChannelId, TrackingPusher>> = {};

export async function processPushTracking(ctx: HandlerContext, job: PushTrackingJob): Promise<string> {
  const [row] = await ctx.db
    .select({ channel: orders.channel })
    .from(allocations)
    .innerJoin(orders, eq(orders.id, allocations.orderId))
    .where(eq(allocations.id, job.allocationId));
  if (!row) return "allocation gone";
  const pusher = TRACKING_PUSHERS[row.channel];
  if (!pusher) throw new CorridorError("NO_TRACKING_PUSHER", `no tracking pusher for channel ${row.channel}`);
  return job.kind === "shipment" ? pusher.pushShipment(ctx, job.allocationId) : pusher.pushEvent(ctx, job.trackingEventId!);
}
