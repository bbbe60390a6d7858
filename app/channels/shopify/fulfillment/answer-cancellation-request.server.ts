/**
 * One CANCELLATION_REQUESTED fulfillment order → cancelled at the warehouse and its stock released,
 * then the cancellation accepted; or, when a parcel has left (Corridor knows it shipped, or the
 * warehouse answers too_late), the cancellation rejected with a sentence the merchant can act on.
 *
 * Repeatable: warehouse cancels are idempotent (alreadyCancelled), releasing only touches `held`
 * reservations and live allocations, so a poll after a crash before the Shopify answer finds
 * nothing left to cancel and accepts.
 */
import { secretBoxFor } from "../../../lib/secret-box.server";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { allocations, fulfillmentOrders, orderEvents, orders } from "../../../db/schema";
import { pushTrackingJobId } from "../../../queues/keys";
import { QUEUE } from "../../../queues/names";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { gidNumber } from "../normalize-order";
import { CORRIDOR_ACCEPT_CANCELLATION_REQUEST, CORRIDOR_REJECT_CANCELLATION_REQUEST } from "../operations/fulfillment-orders";
import type { AssignedFulfillmentOrder, RequestAnswer } from "./answer-fulfillment-request.server";
import { markFulfillmentOrder, upsertFulfillmentOrder } from "./answer-fulfillment-request.server";
import { CANCELLATION_TOO_LATE } from "./answer-text";
import { cancelOrderAllocations } from "../../../orders/cancel-order-allocations.server";
import type { ShopAdmin } from "./shop-admin.server";

export async function answerCancellationRequest(ctx: HandlerContext, admin: ShopAdmin, fo: AssignedFulfillmentOrder, correlationId: string): Promise<RequestAnswer> {
  const [row] = await ctx.db
    .select({ orderId: fulfillmentOrders.orderId })
    .from(fulfillmentOrders)
    .where(and(eq(fulfillmentOrders.shopId, admin.shopId), eq(fulfillmentOrders.externalId, fo.id)));
  let orderId = row?.orderId ?? null;
  if (orderId === null) {
    const [order] = await ctx.db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.shopId, admin.shopId), eq(orders.channel, "shopify"), eq(orders.externalId, gidNumber(fo.order.id))));
    orderId = order?.id ?? null;
  }
  await upsertFulfillmentOrder(ctx.db, admin.shopId, fo, orderId);
  const orderName = fo.order.name;

  const result = orderId === null ? ({ outcome: "cancelled", allocationIds: [] } as const) : await cancelOrderAllocations({ db: ctx.db, box: secretBoxFor(ctx.config) }, orderId, correlationId);
  if (result.outcome === "too_late") return rejectCancellation(ctx, admin, fo, orderId, CANCELLATION_TOO_LATE(orderName, result.detail), correlationId);

  if (orderId !== null) {
    await ctx.db.transaction(async (tx) => {
      // Back to "received": if the merchant requests fulfillment again, Corridor routes it afresh.
      await tx.update(orders).set({ stage: "received", updatedAt: sql`now()` }).where(and(eq(orders.id, orderId), inArray(orders.stage, ["routed", "at_warehouse", "exception"])));
      await tx.insert(orderEvents).values({ orderId, kind: "fulfillment_cancelled", detail: { fulfillmentOrderId: fo.id, allocations: result.allocationIds }, correlationId });
    });
  }
  await admin.client.request(CORRIDOR_ACCEPT_CANCELLATION_REQUEST, { id: fo.id, message: `Corridor cancelled order ${orderName} at the warehouse; its stock is back on sale.` });
  await markFulfillmentOrder(ctx.db, admin.shopId, fo.id, { status: "CLOSED", requestStatus: "CANCELLATION_ACCEPTED" });
  return "accepted";
}

async function rejectCancellation(ctx: HandlerContext, admin: ShopAdmin, fo: AssignedFulfillmentOrder, orderId: number | null, message: string, correlationId: string): Promise<RequestAnswer> {
  await admin.client.request(CORRIDOR_REJECT_CANCELLATION_REQUEST, { id: fo.id, message });
  await markFulfillmentOrder(ctx.db, admin.shopId, fo.id, { status: "IN_PROGRESS", requestStatus: "CANCELLATION_REJECTED" });
  if (orderId !== null) {
    await ctx.db.insert(orderEvents).values({ orderId, kind: "fulfillment_cancellation_rejected", detail: { fulfillmentOrderId: fo.id }, correlationId });
    await pushShipmentsHeldByTheRequest(ctx, orderId, fo.id, correlationId);
  }
  return "rejected";
}

/**
 * While a cancellation is requested Shopify lets nobody fulfil the order, so a shipment pushed in
 * that window failed ("nothing left to fulfil") and stayed off the storefront. Rejecting the request
 * opens the order again: its shipped parcels are pushed now, under a job id of their own (the failed
 * push keeps the plain one), the same for every redelivery of this answer.
 */
async function pushShipmentsHeldByTheRequest(ctx: HandlerContext, orderId: number, fulfillmentOrderId: string, correlationId: string): Promise<void> {
  const waiting = await ctx.db
    .select({ id: allocations.id, trackingNumber: allocations.trackingNumber })
    .from(allocations)
    .where(and(eq(allocations.orderId, orderId), inArray(allocations.status, ["shipped", "in_transit", "delivered"]), isNull(allocations.channelFulfillmentId)));
  for (const a of waiting) {
    const push = { kind: "shipment" as const, allocationId: a.id, trackingNumber: a.trackingNumber };
    await ctx.queues.add(QUEUE.pushTracking, { ...push, correlationId }, { jobId: `${pushTrackingJobId(push)}-after-${gidNumber(fulfillmentOrderId)}` });
  }
}
