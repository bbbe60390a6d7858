/**
 * One FULFILLMENT_REQUESTED fulfillment order → stored, its order ensured, routed and reserved, then
 * accepted (and dispatched) or rejected with the reason a merchant understands.
 *
 * Crash-safe and repeatable, because each step finds the previous one's result: the FO row is an
 * upsert; the order is looked up before it is fetched; routeAndReserve answers "already routed"
 * when the order holds live allocations, so a second poll after a crash between routing and
 * accepting accepts from the stored decision and never routes twice; dispatch jobs are named by
 * allocation id. Shopify only lists a fulfillment order here until it is answered; an answer it
 * refuses (answered already, or withdrawn) is settled against its live state (settle-refused-answer).
 */
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { allocations, fulfillmentOrders, orderEvents, orders, warehouses } from "../../../db/schema";
import type { RoutedDecision } from "../../../domain/routing/types";
import { recordException } from "../../../exceptions/record-exception.server";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { CorridorError } from "../../../lib/errors";
import { dispatchJobId } from "../../../queues/keys";
import { QUEUE } from "../../../queues/names";
import { routeAndReserve, type RouteOutcome } from "../../../routing/route-and-reserve.server";
import type { CorridorAssignedFulfillmentOrdersQuery } from "../../../types/admin.generated";
import type { FulfillmentOrderRejectionReason } from "../../../types/admin.types";
import { gidNumber } from "../normalize-order";
import { CORRIDOR_ACCEPT_FULFILLMENT_REQUEST, CORRIDOR_REJECT_FULFILLMENT_REQUEST } from "../operations/fulfillment-orders";
import { ShopifyUserErrorsError } from "../user-errors";
import { acceptanceText, rejectionReason } from "./answer-text";
import { ensureShopifyOrder } from "./ensure-order.server";
import { settleRefusedAnswer } from "./settle-refused-answer.server";
import type { ShopAdmin } from "./shop-admin.server";

export type AssignedFulfillmentOrder = CorridorAssignedFulfillmentOrdersQuery["assignedFulfillmentOrders"]["nodes"][number];
export type RequestAnswer = "accepted" | "rejected" | "skipped";

/** Allocation statuses that still wait for the warehouse to take them. */
export const AWAITING_DISPATCH = ["reserved", "dispatching"] as const;

export async function upsertFulfillmentOrder(db: Database, shopId: number, fo: AssignedFulfillmentOrder, orderId: number | null) {
  const values = {
    shopId,
    orderId,
    externalId: fo.id,
    externalOrderId: gidNumber(fo.order.id),
    locationId: fo.assignedLocation.location?.id ?? null,
    status: fo.status,
    requestStatus: fo.requestStatus,
    lines: fo.lineItems.nodes.map((l) => ({ id: l.id, sku: l.sku ?? "", quantity: l.totalQuantity })),
  };
  const { shopId: _s, externalId: _e, ...changes } = values;
  await db
    .insert(fulfillmentOrders)
    .values(values)
    .onConflictDoUpdate({ target: [fulfillmentOrders.shopId, fulfillmentOrders.externalId], set: { ...changes, orderId: sql`coalesce(excluded.order_id, ${fulfillmentOrders.orderId})`, updatedAt: sql`now()` } });
}

export async function markFulfillmentOrder(db: Database, shopId: number, externalId: string, state: { status: string; requestStatus: string }) {
  await db
    .update(fulfillmentOrders)
    .set({ ...state, updatedAt: sql`now()` })
    .where(and(eq(fulfillmentOrders.shopId, shopId), eq(fulfillmentOrders.externalId, externalId)));
}

/** Queues the warehouse send of every allocation of the order still waiting for it. */
export async function enqueueDispatches(ctx: HandlerContext, orderId: number, correlationId: string): Promise<number> {
  const pending = await ctx.db
    .select({ id: allocations.id })
    .from(allocations)
    .where(and(eq(allocations.orderId, orderId), inArray(allocations.status, [...AWAITING_DISPATCH])));
  for (const a of pending) await ctx.queues.add(QUEUE.dispatch, { allocationId: a.id, correlationId }, { jobId: dispatchJobId(a.id) });
  return pending.length;
}

/** routeAndReserve with the order's current revision; an orders/updated racing us just means once more. */
async function route(ctx: HandlerContext, orderId: number, correlationId: string): Promise<RouteOutcome> {
  for (let attempt = 0; ; attempt++) {
    const [order] = await ctx.db.select({ revision: orders.revision }).from(orders).where(eq(orders.id, orderId));
    if (!order) return { kind: "skipped", reason: "order not found" };
    const outcome = await routeAndReserve(ctx.db, orderId, order.revision, { now: ctx.now(), correlationId });
    if (outcome.kind !== "skipped" || !outcome.reason.includes("superseded") || attempt >= 2) return outcome;
  }
}

async function reject(
  ctx: HandlerContext,
  admin: ShopAdmin,
  fo: AssignedFulfillmentOrder,
  orderId: number | null,
  answer: { reason: FulfillmentOrderRejectionReason; message: string; code: string },
  correlationId: string,
): Promise<RequestAnswer> {
  try {
    await admin.client.request(CORRIDOR_REJECT_FULFILLMENT_REQUEST, { id: fo.id, reason: answer.reason, message: answer.message });
  } catch (error) {
    if (error instanceof ShopifyUserErrorsError) return settleRefusedAnswer(ctx, admin, fo, orderId, error, correlationId);
    throw error;
  }
  await markFulfillmentOrder(ctx.db, admin.shopId, fo.id, { status: "OPEN", requestStatus: "REJECTED" });
  if (orderId !== null) {
    await ctx.db.insert(orderEvents).values({ orderId, kind: "fulfillment_request_rejected", detail: { fulfillmentOrderId: fo.id, reason: answer.reason, code: answer.code }, correlationId });
  }
  ctx.logger.info({ shop: admin.shopDomain, fulfillmentOrderId: fo.id, reason: answer.reason, code: answer.code }, "fulfillment request rejected");
  return "rejected";
}

export async function answerFulfillmentRequest(ctx: HandlerContext, admin: ShopAdmin, fo: AssignedFulfillmentOrder, correlationId: string): Promise<RequestAnswer> {
  await upsertFulfillmentOrder(ctx.db, admin.shopId, fo, null);

  let orderId: number;
  try {
    orderId = (await ensureShopifyOrder(ctx.db, admin.client, { id: admin.shopId, domain: admin.shopDomain }, fo.order.id, correlationId)).orderId;
  } catch (error) {
    // An order Corridor cannot read (no shipping address) can never be routed: say so now.
    if (!(error instanceof CorridorError) || error.retryable || !error.merchantMessage) throw error;
    await recordException(ctx.db, {
      kind: "unroutable_order",
      subject: `fulfillment-order:${fo.id}`,
      shopDomain: admin.shopDomain,
      code: error.code,
      reason: `${fo.order.name}: ${error.message}`,
      merchantMessage: error.merchantMessage,
      correlationId,
    });
    return reject(ctx, admin, fo, null, { reason: rejectionReason(error.code, { domesticWarehouseExists: true }), message: error.merchantMessage, code: error.code }, correlationId);
  }
  await ctx.db
    .update(fulfillmentOrders)
    .set({ orderId })
    .where(and(eq(fulfillmentOrders.shopId, admin.shopId), eq(fulfillmentOrders.externalId, fo.id)));

  const outcome = await route(ctx, orderId, correlationId);
  const [order] = await ctx.db
    .select({ name: orders.name, destination: orders.destinationCountry, decision: orders.routingDecision, cancelled: sql<boolean>`${orders.cancelledAt} is not null or ${orders.stage} = 'cancelled'` })
    .from(orders)
    .where(eq(orders.id, orderId));
  const live = await ctx.db
    .select({ id: allocations.id })
    .from(allocations)
    .where(and(eq(allocations.orderId, orderId), notInArray(allocations.status, ["cancelled", "failed"])));

  if (outcome.kind === "unroutable" && outcome.decision.status === "unroutable") {
    const decision = outcome.decision;
    const [domestic] = await ctx.db
      .select({ id: warehouses.id })
      .from(warehouses)
      .where(and(eq(warehouses.shopId, admin.shopId), eq(warehouses.active, true), eq(warehouses.countryCode, order!.destination)));
    const reason = rejectionReason(decision.code, { domesticWarehouseExists: Boolean(domestic) });
    return reject(ctx, admin, fo, orderId, { reason, message: decision.merchantMessage, code: decision.code }, correlationId);
  }
  if (live.length === 0) {
    const why = outcome.kind === "skipped" ? outcome.reason : `${outcome.kind}, yet no live allocation`;
    // Cancelled in Shopify: nothing Corridor could ship, and Shopify should hear so.
    if (order?.cancelled) return reject(ctx, admin, fo, orderId, { reason: "OTHER", message: `Corridor cannot fulfil order ${order.name}: it was cancelled.`, code: "ORDER_CANCELLED" }, correlationId);
    // Anything else is a race with another step on this order (finding 23): a rejection cannot be
    // taken back, so the request is answered again on the next attempt, from what is stored then.
    throw new CorridorError("FULFILLMENT_REQUEST_UNSETTLED", `order ${orderId} (${fo.order.name}): routing answered "${why}"; the request is answered again`, { retryable: true });
  }

  // Routed now or before a crash: either way the stored decision is what was reserved.
  const decision = order!.decision as unknown as RoutedDecision;
  const codes = [...new Set(decision.allocations.map((a) => a.warehouseCode))];
  const names = await ctx.db
    .select({ code: warehouses.code, name: warehouses.name })
    .from(warehouses)
    .where(and(eq(warehouses.shopId, admin.shopId), inArray(warehouses.code, codes)));
  const text = acceptanceText(decision, new Map(names.map((w) => [w.code, w.name])));
  try {
    await admin.client.request(CORRIDOR_ACCEPT_FULFILLMENT_REQUEST, { id: fo.id, message: text.message, estimatedShippedAt: text.estimatedShippedAt ?? null });
  } catch (error) {
    // Answered before (a lost answer) or withdrawn: Shopify's live state decides what stays reserved.
    if (error instanceof ShopifyUserErrorsError) return settleRefusedAnswer(ctx, admin, fo, orderId, error, correlationId);
    throw error;
  }
  await markFulfillmentOrder(ctx.db, admin.shopId, fo.id, { status: "IN_PROGRESS", requestStatus: "ACCEPTED" });
  await ctx.db.insert(orderEvents).values({ orderId, kind: "fulfillment_request_accepted", detail: { fulfillmentOrderId: fo.id, warehouses: codes }, correlationId });
  const dispatched = await enqueueDispatches(ctx, orderId, correlationId);
  ctx.logger.info({ shop: admin.shopDomain, orderId, fulfillmentOrderId: fo.id, routed: outcome.kind, dispatched }, "fulfillment request accepted");
  return "accepted";
}
