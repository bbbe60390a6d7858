/**
 * One CANCELLATION_REQUESTED fulfillment order → cancelled at the warehouse and its stock released,
 * then the cancellation accepted; or, when a parcel has left (Corridor knows it shipped, or the
 * warehouse answers too_late), the cancellation rejected with a sentence the merchant can act on.
 *
 * Repeatable: warehouse cancels are idempotent (alreadyCancelled), releasing only touches `held`
 * reservations and live allocations, so a poll after a crash before the Shopify answer finds
 * nothing left to cancel and accepts.
 */
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { allocations, fulfillmentOrders, inventoryLevels, orderEvents, orders, reservations, warehouses } from "../../../db/schema";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { PartnerError } from "../../../lib/errors";
import { createWarehouse } from "../../../warehouses/registry";
import type { CancelOutcome } from "../../../warehouses/warehouse";
import { gidNumber } from "../normalize-order";
import { CORRIDOR_ACCEPT_CANCELLATION_REQUEST, CORRIDOR_REJECT_CANCELLATION_REQUEST } from "../operations/fulfillment-orders";
import type { AssignedFulfillmentOrder, RequestAnswer } from "./answer-fulfillment-request.server";
import { markFulfillmentOrder, upsertFulfillmentOrder } from "./answer-fulfillment-request.server";
import { CANCELLATION_TOO_LATE } from "./answer-text";
import type { ShopAdmin } from "./shop-admin.server";

const LEFT_THE_BUILDING = ["shipped", "in_transit", "delivered"] as const;

/**
 * Cancels the allocation and puts its held stock back on sale, in one transaction so a crash can
 * never leave a cancelled allocation holding stock. With `onlyIfNeverSent` it does so only while
 * the allocation was never handed to the dispatch step (status `reserved`) and answers whether it did.
 */
export async function releaseAllocation(db: Database, allocationId: number, opts: { onlyIfNeverSent?: boolean } = {}): Promise<boolean> {
  return db.transaction(async (tx) => {
    const cancelled = await tx
      .update(allocations)
      .set({ status: "cancelled", updatedAt: sql`now()` })
      .where(and(eq(allocations.id, allocationId), opts.onlyIfNeverSent ? eq(allocations.status, "reserved") : notInArray(allocations.status, [...LEFT_THE_BUILDING])))
      .returning({ id: allocations.id });
    if (opts.onlyIfNeverSent && cancelled.length === 0) return false;
    const held = await tx
      .update(reservations)
      .set({ status: "released" })
      .where(and(eq(reservations.allocationId, allocationId), eq(reservations.status, "held")))
      .returning();
    for (const r of held) {
      await tx
        .update(inventoryLevels)
        .set({ reserved: sql`${inventoryLevels.reserved} - ${r.quantity}`, updatedAt: sql`now()` })
        .where(and(eq(inventoryLevels.warehouseId, r.warehouseId), eq(inventoryLevels.sku, r.sku)));
    }
    return true;
  });
}

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

  const live = orderId === null
    ? []
    : await ctx.db
        .select({ allocation: allocations, warehouse: warehouses })
        .from(allocations)
        .innerJoin(warehouses, eq(warehouses.id, allocations.warehouseId))
        .where(and(eq(allocations.orderId, orderId), notInArray(allocations.status, ["cancelled", "failed"])));

  const gone = live.find((l) => (LEFT_THE_BUILDING as readonly string[]).includes(l.allocation.status));
  if (gone) {
    const detail = gone.allocation.trackingNumber ? `tracking ${gone.allocation.trackingNumber}` : `shipped from ${gone.warehouse.name}`;
    return rejectCancellation(ctx, admin, fo, orderId, CANCELLATION_TOO_LATE(orderName, detail), correlationId);
  }

  for (const { allocation, warehouse } of live) {
    // Never sent to the warehouse: cancelling here is enough, and the queued dispatch then finds it cancelled.
    if (await releaseAllocation(ctx.db, allocation.id, { onlyIfNeverSent: true })) continue;
    const connector = createWarehouse(warehouse.connector, warehouse.connectorConfig);
    let outcome: CancelOutcome;
    try {
      outcome = await connector.cancelOrder(
        { clientReference: allocation.clientReference, partnerOrderId: allocation.warehouseOrderId ?? undefined },
        `cancel-${allocation.clientReference}`,
        { correlationId },
      );
    } catch (error) {
      // The warehouse never got the order (a dispatch that failed before reaching it): nothing to stop.
      if (!(error instanceof PartnerError && error.code === "NOT_FOUND")) throw error;
      outcome = { outcome: "cancelled", alreadyCancelled: true };
    }
    if (outcome.outcome === "too_late") {
      return rejectCancellation(ctx, admin, fo, orderId, CANCELLATION_TOO_LATE(orderName, `${warehouse.name}: ${outcome.reason}`), correlationId);
    }
    await releaseAllocation(ctx.db, allocation.id);
  }

  if (orderId !== null) {
    await ctx.db.transaction(async (tx) => {
      // Back to "received": if the merchant requests fulfillment again, Corridor routes it afresh.
      await tx.update(orders).set({ stage: "received", updatedAt: sql`now()` }).where(and(eq(orders.id, orderId), inArray(orders.stage, ["routed", "at_warehouse", "exception"])));
      await tx.insert(orderEvents).values({ orderId, kind: "fulfillment_cancelled", detail: { fulfillmentOrderId: fo.id, allocations: live.map((l) => l.allocation.id) }, correlationId });
    });
  }
  await admin.client.request(CORRIDOR_ACCEPT_CANCELLATION_REQUEST, { id: fo.id, message: `Corridor cancelled order ${orderName} at the warehouse; its stock is back on sale.` });
  await markFulfillmentOrder(ctx.db, admin.shopId, fo.id, { status: "CLOSED", requestStatus: "CANCELLATION_ACCEPTED" });
  return "accepted";
}

async function rejectCancellation(ctx: HandlerContext, admin: ShopAdmin, fo: AssignedFulfillmentOrder, orderId: number | null, message: string, correlationId: string): Promise<RequestAnswer> {
  await admin.client.request(CORRIDOR_REJECT_CANCELLATION_REQUEST, { id: fo.id, message });
  await markFulfillmentOrder(ctx.db, admin.shopId, fo.id, { status: "IN_PROGRESS", requestStatus: "CANCELLATION_REJECTED" });
  if (orderId !== null) await ctx.db.insert(orderEvents).values({ orderId, kind: "fulfillment_cancellation_rejected", detail: { fulfillmentOrderId: fo.id }, correlationId });
  return "rejected";
}
