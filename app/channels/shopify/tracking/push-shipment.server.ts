/**
 * A warehouse shipment → one Shopify fulfillment (fulfillmentCreate) for exactly the fulfillment
 * order lines of that allocation, with tracking; split shipments are one allocation each, so one
 * fulfillment each.
 *
 * fulfillmentCreate has no idempotency key in 2026-10 and our client does not resend it after a
 * lost answer (SHOPIFY_OUTCOME_UNKNOWN). So before creating, the order's fulfillments are read and
 * one already carrying this tracking number is adopted: a crash after Shopify succeeded, or a
 * retried job, never creates a second fulfillment. allocations.channel_fulfillment_id records the
 * result; once set, a push only updates tracking after a carrier handover.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { allocationLines, allocations, fulfillmentOrders, orderLines, orders, shops, warehouses } from "../../../db/schema";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { CorridorError } from "../../../lib/errors";
import type { AdminClient } from "../admin-client.server";
import { shopAdmin } from "../fulfillment/shop-admin.server";
import { CORRIDOR_FULFILLMENT_CREATE } from "../operations/fulfillments";
import { CORRIDOR_FULFILLMENT_ORDER_LINES, CORRIDOR_FULFILLMENT_TRACKING, CORRIDOR_ORDER_FULFILLMENTS } from "../operations/shipments";
import { planFulfillmentLines, type OpenFulfillmentOrder } from "./plan-fulfillment-lines";
import { trackingInput } from "./tracking-input";
import { updateTrackingOnShopify } from "./update-tracking.server";

export async function loadShipment(ctx: HandlerContext, allocationId: number) {
  const [row] = await ctx.db
    .select({ allocation: allocations, order: orders, shopDomain: shops.domain, warehouseCountry: warehouses.countryCode })
    .from(allocations)
    .innerJoin(orders, eq(orders.id, allocations.orderId))
    .innerJoin(shops, eq(shops.id, orders.shopId))
    .innerJoin(warehouses, eq(warehouses.id, allocations.warehouseId))
    .where(eq(allocations.id, allocationId));
  if (!row) throw new CorridorError("ALLOCATION_NOT_FOUND", `allocation ${allocationId} does not exist`);
  if (row.order.channel !== "shopify") throw new CorridorError("NOT_A_SHOPIFY_ORDER", `allocation ${allocationId} belongs to a ${row.order.channel} order`);
  return row;
}

/** The merchant's fulfillment request says whether Shopify should email the customer (default yes). */
export function notifyCustomerOf(requests: ReadonlyArray<{ requestOptions?: unknown }>): boolean {
  for (const r of [...requests].reverse()) {
    const option = (r.requestOptions as { notify_customer?: unknown } | null | undefined)?.notify_customer;
    if (typeof option === "boolean") return option;
  }
  return true;
}

/** The fulfillment of this order that already carries `number`, if Shopify has one. */
export async function findFulfillmentByTracking(client: AdminClient, orderGid: string, number: string): Promise<string | undefined> {
  const result = await client.request(CORRIDOR_ORDER_FULFILLMENTS, { id: orderGid });
  return result.order?.fulfillments.find((f) => f.status !== "CANCELLED" && f.trackingInfo.some((t) => t.number === number))?.id;
}

export async function pushShipmentToShopify(ctx: HandlerContext, allocationId: number): Promise<string> {
  const { allocation, order, shopDomain, warehouseCountry } = await loadShipment(ctx, allocationId);
  if (!allocation.trackingNumber) throw new CorridorError("NOT_SHIPPED_YET", `allocation ${allocationId} has no tracking number yet`, { retryable: true });
  const lookup = await shopAdmin(ctx, shopDomain);
  if (!lookup.ok) return `skipped: ${lookup.reason}`;
  const { client } = lookup.admin;

  if (allocation.channelFulfillmentId) {
    // Already on Shopify: a push now means the parcel changed hands, if the number differs.
    const held = await client.request(CORRIDOR_FULFILLMENT_TRACKING, { id: allocation.channelFulfillmentId });
    if (held.fulfillment?.trackingInfo.some((t) => t.number === allocation.trackingNumber)) return "already on Shopify";
    return updateTrackingOnShopify(ctx, allocationId, allocation.carrier, allocation.trackingNumber, allocation.trackingUrl);
  }

  const orderGid = `gid://shopify/Order/${order.externalId}`;
  const existing = await findFulfillmentByTracking(client, orderGid, allocation.trackingNumber);
  if (existing) {
    await storeFulfillmentId(ctx, allocationId, existing);
    ctx.logger.info({ allocationId, fulfillmentId: existing }, "shipment already on Shopify (an earlier answer was lost); adopted");
    return `adopted ${existing}`;
  }

  const wanted = await ctx.db
    .select({ lineItemId: orderLines.externalLineId, quantity: allocationLines.quantity })
    .from(allocationLines)
    .innerJoin(orderLines, eq(orderLines.id, allocationLines.orderLineId))
    .where(eq(allocationLines.allocationId, allocationId));
  const foRows = await ctx.db.select({ externalId: fulfillmentOrders.externalId }).from(fulfillmentOrders).where(and(eq(fulfillmentOrders.orderId, order.id), inArray(fulfillmentOrders.requestStatus, ["ACCEPTED", "CANCELLATION_REJECTED"])));
  const requests: Array<{ requestOptions?: unknown }> = [];
  const open: OpenFulfillmentOrder[] = [];
  for (const row of foRows) {
    const live = (await client.request(CORRIDOR_FULFILLMENT_ORDER_LINES, { id: row.externalId })).fulfillmentOrder;
    if (!live) continue;
    requests.push(...live.merchantRequests.nodes);
    open.push({ id: live.id, lines: live.lineItems.nodes.map((l) => ({ id: l.id, lineItemId: l.lineItem.id, remainingQuantity: l.remainingQuantity })) });
  }
  const plan = planFulfillmentLines(wanted, open);
  if (plan.groups.length === 0 || plan.missing.length) {
    throw new CorridorError("FULFILLMENT_LINES_UNAVAILABLE", `allocation ${allocationId}: Shopify has nothing left to fulfil for ${plan.missing.map((m) => `${m.quantity} × ${m.lineItemId}`).join(", ") || "its lines"}`, {
      merchantMessage: `Order ${order.name} shipped, but Shopify no longer has those items open at Corridor's location, so the tracking number could not be added. Add tracking ${allocation.trackingNumber} in Shopify by hand.`,
    });
  }

  const result = await client.request(CORRIDOR_FULFILLMENT_CREATE, {
    fulfillment: {
      lineItemsByFulfillmentOrder: plan.groups,
      trackingInfo: trackingInput(allocation.carrier, allocation.trackingNumber, allocation.trackingUrl),
      notifyCustomer: notifyCustomerOf(requests),
      originAddress: { countryCode: warehouseCountry },
    },
  });
  const fulfillmentId = result.fulfillmentCreate?.fulfillment?.id;
  if (!fulfillmentId) throw new CorridorError("SHOPIFY_NO_FULFILLMENT", `fulfillmentCreate for allocation ${allocationId} returned no fulfillment`, { retryable: true });
  await storeFulfillmentId(ctx, allocationId, fulfillmentId);
  return `created ${fulfillmentId}`;
}

async function storeFulfillmentId(ctx: HandlerContext, allocationId: number, fulfillmentId: string) {
  await ctx.db
    .update(allocations)
    .set({ channelFulfillmentId: fulfillmentId, updatedAt: sql`now()` })
    .where(and(eq(allocations.id, allocationId), isNull(allocations.channelFulfillmentId)));
}
