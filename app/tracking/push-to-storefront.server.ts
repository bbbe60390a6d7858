/**
 * push-tracking: tells the order's storefront about a shipment or a progress event, through the
 * channel that sold it. Each channel registers its pusher; an order from a channel without one is
 * an exception rather than a silent drop.
 */
import { DelayedError, type Job } from "bullmq";
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

/** An event that reaches the storefront before its shipment waits this long, a few times, before backing off. */
const WAIT_FOR_SHIPMENT_MS = 500;
const WAITS_FOR_SHIPMENT = 20;

/**
 * The job around processPushTracking: an event push that finds its shipment not on the storefront yet
 * (the shipment push, queued at the same moment, is still running) waits a moment without counting a
 * failed attempt; only after WAITS_FOR_SHIPMENT waits does it fail into BullMQ's back-off.
 */
export async function runPushTrackingJob(ctx: HandlerContext, job: Job<PushTrackingJob>, token: string | undefined): Promise<string> {
  try {
    return await processPushTracking(ctx, job.data);
  } catch (error) {
    if (!(error instanceof CorridorError && error.code === "SHIPMENT_NOT_ON_STOREFRONT_YET") || job.attemptsStarted > WAITS_FOR_SHIPMENT || !token) throw error;
    await job.moveToDelayed(Date.now() + WAIT_FOR_SHIPMENT_MS, token);
    throw new DelayedError();
  }
}

async function channelOf(ctx: HandlerContext, allocationId: number): Promise<ChannelId | undefined> {
  const [row] = await ctx.db.select({ channel: orders.channel }).from(allocations).innerJoin(orders, eq(orders.id, allocations.orderId)).where(eq(allocations.id, allocationId));
  return row?.channel;
}

export async function processPushTracking(ctx: HandlerContext, job: PushTrackingJob): Promise<string> {
  // An order's channel never changes, so the one its producer read is as good as a fresh read.
  const channel = job.channel ?? (await channelOf(ctx, job.allocationId));
  if (!channel) return "allocation gone";
  const pusher = TRACKING_PUSHERS[channel];
  if (!pusher) throw new CorridorError("NO_TRACKING_PUSHER", `no tracking pusher for channel ${channel}`);
  return job.kind === "shipment" ? pusher.pushShipment(ctx, job.allocationId) : pusher.pushEvent(ctx, job.trackingEventId!);
}
