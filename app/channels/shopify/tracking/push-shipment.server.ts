/**
 * A warehouse shipment → one Shopify fulfillment (fulfillmentCreate) for exactly the fulfillment
 * order lines of that allocation, with tracking; split shipments are one allocation each, so one
 * fulfillment each.
 *
 * fulfillmentCreate has no idempotency key in 2026-10 and our client does not resend it after a
 * lost answer (SHOPIFY_OUTCOME_UNKNOWN). So before creating, the order's fulfillments are read and
 * one already carrying a tracking number this parcel has had (its current one, or one it had before
 * a carrier handover) is adopted: a crash after Shopify succeeded, or a retried job, never creates a
 * second fulfillment. When Shopify has nothing left open to fulfil, or refuses the create, the
 * fulfillments are read again (another push of the same parcel may have landed meanwhile) before it
 * becomes an exception. allocations.channel_fulfillment_id records the result; once set, a push only
 * updates tracking after a carrier handover.
 *
 * Which fulfillment orders are open is Shopify's live answer, not the stored request status: a row
 * can lag behind Shopify (an answer whose acknowledgement was lost) and is corrected here.
 */
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { allocationLines, allocations, fulfillmentOrders, orderLines, orders, shops, trackingEvents, warehouses } from "../../../db/schema";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { CorridorError } from "../../../lib/errors";
import { pushTrackingJobId } from "../../../queues/keys";
import { QUEUE } from "../../../queues/names";
import type { AdminClient } from "../admin-client.server";
import { markFulfillmentOrder } from "../fulfillment/answer-fulfillment-request.server";
import { shopAdmin } from "../fulfillment/shop-admin.server";
import { CORRIDOR_FULFILLMENT_CREATE } from "../operations/fulfillments";
import { CORRIDOR_FULFILLMENT_ORDER_LINES, CORRIDOR_FULFILLMENT_TRACKING, CORRIDOR_ORDER_FULFILLMENTS } from "../operations/shipments";
import { ShopifyUserErrorsError } from "../user-errors";
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

/** The order's live fulfillment carrying one of `numbers` (earlier ones win: the first is the current number). */
export async function findFulfillmentCarrying(client: AdminClient, orderGid: string, numbers: readonly string[]): Promise<{ id: string; number: string } | undefined> {
  const result = await client.request(CORRIDOR_ORDER_FULFILLMENTS, { id: orderGid });
  const live = result.order?.fulfillments.filter((f) => f.status !== "CANCELLED") ?? [];
  for (const number of numbers) {
    const found = live.find((f) => f.trackingInfo.some((t) => t.number === number));
    if (found) return { id: found.id, number };
  }
  return undefined;
}

/** The fulfillment of this order that already carries `number`, if Shopify has one. */
export async function findFulfillmentByTracking(client: AdminClient, orderGid: string, number: string): Promise<string | undefined> {
  return (await findFulfillmentCarrying(client, orderGid, [number]))?.id;
}

/** Every number the parcel has carried, the current one first (a handover can precede the first push). */
async function trackingNumbersOf(ctx: HandlerContext, allocationId: number, current: string): Promise<string[]> {
  const rows = await ctx.db.selectDistinct({ number: trackingEvents.trackingNumber }).from(trackingEvents).where(and(eq(trackingEvents.allocationId, allocationId), isNotNull(trackingEvents.trackingNumber)));
  return [current, ...rows.map((r) => r.number!).filter((n) => n !== current)];
}

/**
 * Records a fulfillment Shopify already has for this parcel; when it carries an earlier number,
 * moves its tracking to the current one. Undefined when none of the order's fulfillments is ours.
 */
async function adoptExisting(ctx: HandlerContext, client: AdminClient, shipment: Awaited<ReturnType<typeof loadShipment>>, numbers: readonly string[]): Promise<string | undefined> {
  const { allocation, order } = shipment;
  const existing = await findFulfillmentCarrying(client, `gid://shopify/Order/${order.externalId}`, numbers);
  if (!existing) return undefined;
  await storeFulfillmentId(ctx, allocation.id, existing.id);
  ctx.logger.info({ allocationId: allocation.id, fulfillmentId: existing.id, number: existing.number }, "shipment already on Shopify (an earlier answer was lost); adopted");
  if (existing.number === allocation.trackingNumber) return `adopted ${existing.id}`;
  return `adopted ${existing.id}; ${await updateTrackingOnShopify(ctx, allocation.id, allocation.carrier, allocation.trackingNumber!, allocation.trackingUrl)}`;
}

/** The order's fulfillment orders Shopify says Corridor accepted, live; stored rows that lag are corrected. */
async function acceptedFulfillmentOrders(ctx: HandlerContext, client: AdminClient, order: { id: number; shopId: number }) {
  const rows = await ctx.db.select({ externalId: fulfillmentOrders.externalId, status: fulfillmentOrders.status, requestStatus: fulfillmentOrders.requestStatus }).from(fulfillmentOrders).where(eq(fulfillmentOrders.orderId, order.id));
  const requests: Array<{ requestOptions?: unknown }> = [];
  const open: OpenFulfillmentOrder[] = [];
  for (const row of rows) {
    const live = (await client.request(CORRIDOR_FULFILLMENT_ORDER_LINES, { id: row.externalId })).fulfillmentOrder;
    if (!live) continue;
    if (live.status !== row.status || live.requestStatus !== row.requestStatus) await markFulfillmentOrder(ctx.db, order.shopId, row.externalId, { status: live.status, requestStatus: live.requestStatus });
    if (!FULFILLABLE.has(live.requestStatus)) continue;
    requests.push(...live.merchantRequests.nodes);
    open.push({ id: live.id, lines: live.lineItems.nodes.map((l) => ({ id: l.id, lineItemId: l.lineItem.id, remainingQuantity: l.remainingQuantity })) });
  }
  return { requests, open };
}

/** Request statuses under which Shopify lets the fulfillment service fulfil. */
const FULFILLABLE = new Set(["ACCEPTED", "CANCELLATION_REJECTED"]);

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

  const shipment = { allocation, order, shopDomain, warehouseCountry };
  const numbers = await trackingNumbersOf(ctx, allocationId, allocation.trackingNumber);
  const adopted = await adoptExisting(ctx, client, shipment, numbers);
  if (adopted) return adopted;

  const wanted = await ctx.db
    .select({ lineItemId: orderLines.externalLineId, quantity: allocationLines.quantity })
    .from(allocationLines)
    .innerJoin(orderLines, eq(orderLines.id, allocationLines.orderLineId))
    .where(eq(allocationLines.allocationId, allocationId));
  const { requests, open } = await acceptedFulfillmentOrders(ctx, client, order);
  const plan = planFulfillmentLines(wanted, open);
  if (plan.groups.length === 0 || plan.missing.length) {
    // Lines already fulfilled are most often this parcel's own fulfillment, made by a push that raced this one.
    const late = await adoptExisting(ctx, client, shipment, numbers);
    if (late) return late;
    throw new CorridorError(
      "FULFILLMENT_LINES_UNAVAILABLE",
      `allocation ${allocationId}: Shopify has no lines left open for Corridor for ${plan.missing.map((m) => `${m.quantity} × ${m.lineItemId}`).join(", ") || "its lines"}, and none of order ${order.name}'s fulfillments carries tracking ${numbers.join(" or ")}`,
      {
        merchantMessage: `Order ${order.name} shipped, but Shopify no longer has those items open at Corridor's location, so the tracking number could not be added. Add tracking ${allocation.trackingNumber} in Shopify by hand.`,
      },
    );
  }

  let result;
  try {
    result = await client.request(CORRIDOR_FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: plan.groups,
        trackingInfo: trackingInput(allocation.carrier, allocation.trackingNumber, allocation.trackingUrl),
        notifyCustomer: notifyCustomerOf(requests),
        originAddress: { countryCode: warehouseCountry },
      },
    });
  } catch (error) {
    // Refused ("quantity", "unfulfillable status"): a racing push may have fulfilled these lines first.
    const late = error instanceof ShopifyUserErrorsError ? await adoptExisting(ctx, client, shipment, numbers) : undefined;
    if (late) return late;
    throw error;
  }
  const fulfillmentId = result.fulfillmentCreate?.fulfillment?.id;
  if (!fulfillmentId) throw new CorridorError("SHOPIFY_NO_FULFILLMENT", `fulfillmentCreate for allocation ${allocationId} returned no fulfillment`, { retryable: true });
  await storeFulfillmentId(ctx, allocationId, fulfillmentId);
  return `created ${fulfillmentId}`;
}

/**
 * Records the parcel's fulfillment, then queues the tracking events stored before it existed: their own
 * jobs may have given up waiting for it (a shipment held back by a pending cancellation request), and
 * events can only hang on a fulfillment. A job that did not give up finds the event pushed: no twin.
 */
async function storeFulfillmentId(ctx: HandlerContext, allocationId: number, fulfillmentId: string) {
  const stored = await ctx.db
    .update(allocations)
    .set({ channelFulfillmentId: fulfillmentId, updatedAt: sql`now()` })
    .where(and(eq(allocations.id, allocationId), isNull(allocations.channelFulfillmentId)))
    .returning({ id: allocations.id });
  if (stored.length === 0) return;
  const waiting = await ctx.db.select({ id: trackingEvents.id }).from(trackingEvents).where(and(eq(trackingEvents.allocationId, allocationId), isNull(trackingEvents.pushedAt)));
  for (const e of waiting) {
    const push = { kind: "event" as const, allocationId, trackingEventId: e.id };
    await ctx.queues.add(QUEUE.pushTracking, { ...push, correlationId: `fulfillment-${allocationId}` }, { jobId: `${pushTrackingJobId(push)}-after-fulfillment` });
  }
}
