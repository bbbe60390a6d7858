/**
 * Shopify refused Corridor's answer to a fulfillment request ("Cannot accept fulfillment request"):
 * the request was answered already (an earlier attempt whose answer was lost, or another poll) or
 * withdrawn. Shopify's live state decides what Corridor holds:
 * - ACCEPTED: Corridor is shipping it; what routing reserved stays and its dispatch is queued;
 * - a cancellation request since (requested or rejected): it was accepted; the cancellation flow owns it;
 * - anything else (REJECTED, UNSUBMITTED, closed, gone): Shopify will never ask Corridor to ship it,
 *   so stock reserved for it and never sent to a warehouse is released. Stock is never held for a
 *   rejected or cancelled request.
 * Still SUBMITTED means the refusal was about our input, not the state: that stays an error.
 */
import { and, eq, sql } from "drizzle-orm";
import { allocations, orderEvents, orders } from "../../../db/schema";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { releaseAllocation } from "../../../orders/cancel-order-allocations.server";
import { CORRIDOR_FULFILLMENT_ORDER_LINES } from "../operations/shipments";
import type { ShopifyUserErrorsError } from "../user-errors";
import { enqueueDispatches, markFulfillmentOrder, type AssignedFulfillmentOrder, type RequestAnswer } from "./answer-fulfillment-request.server";
import type { ShopAdmin } from "./shop-admin.server";

/** Live request statuses under which Corridor has accepted the request and keeps its allocations. */
const STILL_OURS = new Set(["ACCEPTED", "CANCELLATION_REQUESTED", "CANCELLATION_REJECTED"]);

export async function settleRefusedAnswer(
  ctx: HandlerContext,
  admin: ShopAdmin,
  fo: AssignedFulfillmentOrder,
  orderId: number | null,
  refusal: ShopifyUserErrorsError,
  correlationId: string,
): Promise<RequestAnswer> {
  const live = (await admin.client.request(CORRIDOR_FULFILLMENT_ORDER_LINES, { id: fo.id })).fulfillmentOrder;
  if (live?.requestStatus === "SUBMITTED") throw refusal;
  const state = live ? { status: live.status, requestStatus: live.requestStatus } : { status: "CLOSED", requestStatus: "CLOSED" };
  await markFulfillmentOrder(ctx.db, admin.shopId, fo.id, state);
  const log = ctx.logger.child({ shop: admin.shopDomain, fulfillmentOrderId: fo.id, orderId, shopifyStatus: state.requestStatus });

  if (STILL_OURS.has(state.requestStatus)) {
    if (state.requestStatus !== "ACCEPTED" || orderId === null) return "skipped";
    const dispatched = await enqueueDispatches(ctx, orderId, correlationId);
    log.info({ dispatched }, "fulfillment request was accepted already; dispatch goes on");
    return "accepted";
  }

  if (orderId === null) return "skipped";
  const reserved = await ctx.db.select({ id: allocations.id }).from(allocations).where(and(eq(allocations.orderId, orderId), eq(allocations.status, "reserved")));
  const released: number[] = [];
  for (const a of reserved) if (await releaseAllocation(ctx.db, a.id, { onlyIfNeverSent: true })) released.push(a.id);
  await ctx.db.transaction(async (tx) => {
    // Back to "received": a new request from the merchant is routed afresh.
    if (released.length) await tx.update(orders).set({ stage: "received", updatedAt: sql`now()` }).where(and(eq(orders.id, orderId), eq(orders.stage, "routed")));
    await tx.insert(orderEvents).values({ orderId, kind: "fulfillment_request_answered_elsewhere", detail: { fulfillmentOrderId: fo.id, shopifyStatus: state.requestStatus, released }, correlationId });
  });
  log.warn({ released }, "Shopify refused the answer: the request is no longer Corridor's; reserved stock released");
  return "skipped";
}
