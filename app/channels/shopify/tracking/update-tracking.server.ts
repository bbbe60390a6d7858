/**
 * A carrier handover (line-haul → local carrier with a new number) → fulfillmentTrackingInfoUpdate
 * on the same fulfillment, so the shopper's link follows the parcel. Setting the same tracking
 * twice is harmless, so this is safe to repeat. The old number stays in tracking_events (the
 * history the order-status block shows); Shopify itself keeps only the current one.
 */
import { eq, sql } from "drizzle-orm";
import { allocations, fulfillmentOrders, trackingEvents } from "../../../db/schema";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { CorridorError } from "../../../lib/errors";
import { TRACKING_RANK } from "../../../warehouses/warehouse";
import { shopAdmin } from "../fulfillment/shop-admin.server";
import { CORRIDOR_FULFILLMENT_TRACKING_INFO_UPDATE } from "../operations/fulfillments";
import { CORRIDOR_FULFILLMENT_ORDER_LINES } from "../operations/shipments";
import { loadShipment, notifyCustomerOf } from "./push-shipment.server";
import { trackingInput } from "./tracking-input";

export async function updateTrackingOnShopify(ctx: HandlerContext, allocationId: number, newCarrier: string | null, newNumber: string, url: string | null): Promise<string> {
  const { allocation, order, shopDomain } = await loadShipment(ctx, allocationId);
  if (!allocation.channelFulfillmentId) throw new CorridorError("NO_SHOPIFY_FULFILLMENT", `allocation ${allocationId} has no Shopify fulfillment to update yet`, { retryable: true });
  const lookup = await shopAdmin(ctx, shopDomain);
  if (!lookup.ok) return `skipped: ${lookup.reason}`;
  const { client } = lookup.admin;

  const [fo] = await ctx.db.select({ externalId: fulfillmentOrders.externalId }).from(fulfillmentOrders).where(eq(fulfillmentOrders.orderId, order.id));
  const requests = fo ? ((await client.request(CORRIDOR_FULFILLMENT_ORDER_LINES, { id: fo.externalId })).fulfillmentOrder?.merchantRequests.nodes ?? []) : [];
  await client.request(CORRIDOR_FULFILLMENT_TRACKING_INFO_UPDATE, {
    fulfillmentId: allocation.channelFulfillmentId,
    trackingInfoInput: trackingInput(newCarrier, newNumber, url),
    notifyCustomer: notifyCustomerOf(requests),
  });

  await ctx.db.transaction(async (tx) => {
    await tx.update(allocations).set({ carrier: newCarrier, trackingNumber: newNumber, trackingUrl: url, updatedAt: sql`now()` }).where(eq(allocations.id, allocationId));
    // The handover itself, as history: ranked "in transit", already reflected on Shopify by the update.
    await tx
      .insert(trackingEvents)
      .values({
        allocationId,
        eventKey: `handover-${newNumber}`,
        status: "in_transit",
        sequence: TRACKING_RANK.in_transit,
        happenedAt: ctx.now(),
        carrier: newCarrier,
        trackingNumber: newNumber,
        message: `Handed over${allocation.trackingNumber ? ` from ${allocation.carrier ?? "carrier"} ${allocation.trackingNumber}` : ""} to ${newCarrier ?? "carrier"} ${newNumber}`,
        pushedAt: ctx.now(),
      })
      .onConflictDoNothing();
  });
  return `tracking updated to ${newNumber}`;
}
