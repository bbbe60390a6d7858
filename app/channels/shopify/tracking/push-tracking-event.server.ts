/**
 * A stored tracking event → fulfillmentEventCreate on the allocation's Shopify fulfillment, so
 * Shopify's order status page and notifications show progress.
 *
 * Never backwards: events arrive late and out of order, so an event whose progress rank is lower
 * than one already pushed for the allocation stays in tracking_events as history only. Pushes for
 * one allocation are serialised on an advisory lock, so two jobs cannot interleave the check and the
 * post. fulfillmentEventCreate has no idempotency key: before posting, the fulfillment's events are
 * read, and a twin (same status and time) from an answer we never saw is adopted, not duplicated.
 * A job posts every event of the parcel still waiting, not only its own.
 */
import { and, asc, eq, gte, isNotNull, isNull, sql } from "drizzle-orm";
import { trackingEvents } from "../../../db/schema";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { CorridorError } from "../../../lib/errors";
import { SHOPIFY_EVENT_STATUS, type ShopifyFulfillmentEventStatus, type TrackingStatus } from "../../../warehouses/warehouse";
import { shopAdmin } from "../fulfillment/shop-admin.server";
import { CORRIDOR_FULFILLMENT_EVENT_CREATE } from "../operations/fulfillments";
import { CORRIDOR_FULFILLMENT_TRACKING } from "../operations/shipments";
import { loadShipment } from "./push-shipment.server";
import { customsMessage } from "./tracking-input";

/** "Memphis, US" → city and country, as tracking_events.location stores them. */
function splitLocation(location: string | null): { city?: string; country?: string } {
  if (!location) return {};
  const parts = location.split(", ");
  const last = parts.at(-1)!;
  return /^[A-Z]{2}$/.test(last) ? { city: parts.slice(0, -1).join(", ") || undefined, country: last } : { city: location };
}

type StoredEvent = typeof trackingEvents.$inferSelect;

export async function pushTrackingEventToShopify(ctx: HandlerContext, trackingEventId: number): Promise<string> {
  const [event] = await ctx.db.select().from(trackingEvents).where(eq(trackingEvents.id, trackingEventId));
  if (!event) return "event gone";
  if (event.pushedAt) return "already pushed";
  if (!SHOPIFY_EVENT_STATUS[event.status as TrackingStatus]) throw new CorridorError("UNKNOWN_TRACKING_STATUS", `tracking event ${trackingEventId} has status "${event.status}" with no Shopify equivalent`);

  const shipment = await loadShipment(ctx, event.allocationId);
  if (!shipment.allocation.channelFulfillmentId) {
    // Events hang on the fulfillment, which only the shipment push creates: two creators racing
    // would both find none and both create. Wait for it (BullMQ retries with back-off).
    throw new CorridorError("SHIPMENT_NOT_ON_STOREFRONT_YET", `allocation ${event.allocationId} has no Shopify fulfillment yet`, { retryable: true });
  }
  const fulfillmentId = shipment.allocation.channelFulfillmentId;
  const lookup = await shopAdmin(ctx, shipment.shopDomain);
  if (!lookup.ok) return `skipped: ${lookup.reason}`;
  const { client } = lookup.admin;

  return ctx.db.transaction(async (tx) => {
    // Serialised per allocation on an advisory lock, not the allocation's row: the row lock would make
    // the warehouse's next push for this parcel (ingest) wait for Shopify's answer, throttling included.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`tracking-push:${event.allocationId}`}, 0))`);
    const [furthest] = await tx
      .select({ sequence: sql<number | null>`max(${trackingEvents.sequence})` })
      .from(trackingEvents)
      .where(and(eq(trackingEvents.allocationId, event.allocationId), isNotNull(trackingEvents.pushedAt)));
    if (furthest?.sequence != null && event.sequence < furthest.sequence) {
      ctx.logger.info({ trackingEventId, status: event.status, sequence: event.sequence, pushed: furthest.sequence }, "late tracking event kept for history, not pushed");
      return `late: ${event.status} is behind what Shopify shows`;
    }
    // Every event of the parcel still waiting, in progress order: after a backlog (a worker restarted,
    // Shopify throttled) one job and one read of the fulfillment post them all, and the jobs of the
    // others find them pushed. This one is among them unless a job that held the lock just pushed it.
    const waiting = (
      await tx
        .select()
        .from(trackingEvents)
        .where(and(eq(trackingEvents.allocationId, event.allocationId), isNull(trackingEvents.pushedAt), gte(trackingEvents.sequence, furthest?.sequence ?? 0)))
        .orderBy(asc(trackingEvents.sequence), asc(trackingEvents.happenedAt), asc(trackingEvents.id))
    ).filter((e) => SHOPIFY_EVENT_STATUS[e.status as TrackingStatus]);
    if (!waiting.some((e) => e.id === trackingEventId)) return "already pushed";
    const held = await client.request(CORRIDOR_FULFILLMENT_TRACKING, { id: fulfillmentId });
    const outcomes: string[] = [];
    for (const e of waiting) {
      const status = SHOPIFY_EVENT_STATUS[e.status as TrackingStatus]!;
      const twin = held.fulfillment?.events.nodes.find((n) => n.status === status && new Date(n.happenedAt as string).getTime() === e.happenedAt.getTime());
      if (!twin) await client.request(CORRIDOR_FULFILLMENT_EVENT_CREATE, { fulfillmentEvent: eventInput(fulfillmentId, status, e, shipment.allocation.expectedDeliveryAt) });
      await tx.update(trackingEvents).set({ pushedAt: ctx.now() }).where(eq(trackingEvents.id, e.id));
      outcomes.push(twin ? `adopted ${twin.id}` : `pushed ${status}`);
    }
    return outcomes.join(", ");
  });
}

function eventInput(fulfillmentId: string, status: ShopifyFulfillmentEventStatus, e: StoredEvent, expectedDeliveryAt: Date | null) {
  const place = splitLocation(e.location);
  const estimate = status !== "DELIVERED" ? expectedDeliveryAt?.toISOString() : undefined;
  const message = customsMessage(e.status, e.location, e.message);
  return {
    fulfillmentId,
    status,
    happenedAt: e.happenedAt.toISOString(),
    ...(estimate ? { estimatedDeliveryAt: estimate } : {}),
    ...(message ? { message } : {}),
    ...(place.city ? { city: place.city } : {}),
    ...(place.country ? { country: place.country } : {}),
  };
}
