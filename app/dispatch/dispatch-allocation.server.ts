/**
 * Sends one allocation to its warehouse. The warehouse deduplicates on our client reference, so a
 * retry after a timeout (when the first create may have succeeded) returns the same order instead of
 * a second one. Transient partner errors are rethrown for BullMQ's back-off; a permanent refusal
 * marks the allocation failed and raises an exception the merchant can act on (stock stays held
 * until they reroute or cancel). Cross-border shipments carry their customs documents where the
 * partner takes them (customs-documents.server.ts).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { allocationLines, allocations, orderEvents, orderLines, orders, warehouses } from "../db/schema";
import { recordException } from "../exceptions/record-exception.server";
import { CorridorError, isRetryable } from "../lib/errors";
import type { Logger } from "../lib/logger.server";
import type { SecretBox } from "../lib/secret-box.server";
import { connectorFor } from "../warehouses/connector-config.server";
import type { ConnectorDeps } from "../warehouses/registry";
import type { DispatchRequest, Warehouse } from "../warehouses/warehouse";
import { releaseAllocation } from "../orders/cancel-order-allocations.server";
import { QUEUE } from "../queues/names";
import { customsDocumentsFor } from "./customs-documents.server";

export type DispatchOutcome = "accepted" | "already-dispatched" | "failed" | "cancelled";

export async function dispatchAllocation(
  deps: { db: Database; logger: Logger; box: SecretBox; connectorDeps?: ConnectorDeps },
  allocationId: number,
  correlationId: string,
  opts: { retry?: boolean } = {},
): Promise<DispatchOutcome> {
  const { db } = deps;
  const [row] = await db
    .select({ allocation: allocations, warehouse: warehouses, order: orders })
    .from(allocations)
    .innerJoin(warehouses, eq(warehouses.id, allocations.warehouseId))
    .innerJoin(orders, eq(orders.id, allocations.orderId))
    .where(eq(allocations.id, allocationId));
  // A queued allocation is never deleted (only a shop erasure, days after uninstall, removes it): a
  // missing row is a read that went wrong, so the job retries instead of dropping the order (finding 25).
  if (!row) throw new CorridorError("ALLOCATION_NOT_READ", `allocation ${allocationId} was not found; retrying the dispatch`, { retryable: true });
  const { allocation, warehouse, order } = row;
  if (allocation.status === "cancelled") return "cancelled";
  // A `dispatching` allocation of a cancelled order goes on: an earlier attempt's create may still
  // land, so it is completed (idempotent) and then stopped below, never left to chance.
  if (order.stage === "cancelled" && allocation.status !== "dispatching") return "cancelled";
  if (opts.retry && allocation.status === "failed") {
    // The merchant fixed what the warehouse refused; the stock is still held for it.
    await db.update(allocations).set({ status: "reserved", updatedAt: sql`now()` }).where(and(eq(allocations.id, allocationId), eq(allocations.status, "failed")));
    allocation.status = "reserved";
  }
  if (!["reserved", "dispatching"].includes(allocation.status)) return "already-dispatched";

  const lines = await db
    .select({ lineRef: orderLines.externalLineId, sku: allocationLines.sku, quantity: allocationLines.quantity, unitValue: orderLines.unitPrice, currency: orderLines.currency, weightGrams: orderLines.weightGrams, hsCode: orderLines.hsCode, countryOfOrigin: orderLines.countryOfOrigin })
    .from(allocationLines)
    .innerJoin(orderLines, eq(orderLines.id, allocationLines.orderLineId))
    .where(eq(allocationLines.allocationId, allocationId));
  const request: DispatchRequest = {
    displayOrderId: order.name.slice(0, 40),
    orderedAt: order.placedAt.toISOString(),
    shipTo: order.canonical.shipTo,
    lines: lines.map((l) => ({ ...l, hsCode: l.hsCode ?? undefined, countryOfOrigin: l.countryOfOrigin ?? undefined })),
    speed: allocation.mode === "express" ? "priority" : "standard",
    mode: allocation.mode as DispatchRequest["mode"],
  };
  // The claim: a cancel that got here first (while the allocation was `reserved`) wins, and nothing is sent.
  const claimed = await db.update(allocations).set({ status: "dispatching", updatedAt: sql`now()` }).where(and(eq(allocations.id, allocationId), eq(allocations.status, "reserved"))).returning({ id: allocations.id });
  if (claimed.length === 0 && allocation.status === "reserved") {
    const [now] = await db.select({ status: allocations.status }).from(allocations).where(eq(allocations.id, allocationId));
    if (now?.status === "cancelled") return "cancelled";
    if (now?.status !== "dispatching") return "already-dispatched";
  }
  const connector = connectorFor(deps.box, warehouse, deps.connectorDeps);
  try {
    const documents = await customsDocumentsFor(deps, row, connector, correlationId);
    const receipt = await connector.submitOrder(documents.length ? { ...request, documents } : request, allocation.clientReference, { correlationId });
    const stop = await db.transaction(async (tx) => {
      // Cancelled while the create was in flight: stop the order the warehouse just took (below).
      const [now] = await tx
        .select({ status: allocations.status, stage: orders.stage })
        .from(allocations)
        .innerJoin(orders, eq(orders.id, allocations.orderId))
        .where(eq(allocations.id, allocationId))
        .for("update", { of: allocations });
      if (!now || now.status === "cancelled" || now.stage === "cancelled") return true;
      await tx
        .update(allocations)
        .set({ status: "accepted", warehouseOrderId: receipt.status === "accepted" ? receipt.partnerOrderId : null, dispatchedAt: new Date(), updatedAt: sql`now()` })
        .where(and(eq(allocations.id, allocationId), inArray(allocations.status, ["reserved", "dispatching"])));
      await tx.insert(orderEvents).values({ orderId: order.id, kind: "accepted_by_warehouse", detail: { warehouse: warehouse.code, clientReference: allocation.clientReference, duplicate: receipt.status === "accepted" && receipt.duplicate }, correlationId });
      // The order is at the warehouse once none of its live allocations is still waiting to go.
      await tx.execute(sql`
        UPDATE orders SET stage = 'at_warehouse', updated_at = now()
        WHERE id = ${order.id} AND stage = 'routed' AND NOT EXISTS (
          SELECT 1 FROM allocations WHERE order_id = ${order.id} AND status IN ('reserved', 'dispatching'))`);
      return false;
    });
    if (stop) return await stopLandedOrder(deps, connector, allocation, order.id, correlationId);
    return "accepted";
  } catch (error) {
    if (isRetryable(error)) throw error;
    const [now] = await db.select({ stage: orders.stage }).from(orders).where(eq(orders.id, order.id));
    if (now?.stage === "cancelled") {
      // Refused for an order cancelled meanwhile: nothing at the warehouse, the stock goes back on sale.
      await releaseAllocation(db, allocationId);
      return "cancelled";
    }
    const e = error instanceof CorridorError ? error : undefined;
    await db.transaction(async (tx) => {
      await tx.update(allocations).set({ status: "failed", updatedAt: sql`now()` }).where(eq(allocations.id, allocationId));
      await tx.update(orders).set({ stage: "exception", updatedAt: sql`now()` }).where(eq(orders.id, order.id));
      await tx.insert(orderEvents).values({ orderId: order.id, kind: "dispatch_failed", detail: { warehouse: warehouse.code, code: e?.code ?? "ERROR" }, correlationId });
      await recordException(tx, {
        kind: "dispatch_failed",
        subject: `allocation:${allocationId}`,
        shopDomain: order.canonical.shopDomain,
        code: e?.code ?? "DISPATCH_FAILED",
        reason: `${order.name} → ${warehouse.code}: ${(error as Error).message}`,
        merchantMessage: e?.merchantMessage ?? `${warehouse.name} refused order ${order.name}. Check the order and the warehouse settings, then retry or reroute.`,
        replay: { queue: QUEUE.dispatch, data: { allocationId, retry: true } },
        correlationId,
      });
    });
    deps.logger.warn({ allocationId, err: error }, "dispatch: refused by the warehouse; exception recorded");
    return "failed";
  }
}

/**
 * The create landed for an allocation cancelled meanwhile (its order cancelled, or a cancel that
 * got the warehouse's answer first): cancel it at the warehouse, then release the held stock. Both
 * steps are idempotent, so a retry after a failure here (the cancel throws for BullMQ's back-off)
 * releases the stock exactly once.
 */
async function stopLandedOrder(
  deps: { db: Database; logger: Logger },
  connector: Warehouse,
  allocation: typeof allocations.$inferSelect,
  orderId: number,
  correlationId: string,
): Promise<DispatchOutcome> {
  const outcome = await connector.cancelOrder({ clientReference: allocation.clientReference }, `cancel-${allocation.clientReference}`, { correlationId });
  if (outcome.outcome === "too_late") {
    deps.logger.error({ allocationId: allocation.id, correlationId, reason: outcome.reason }, "dispatch: cancelled allocation already shipping at the warehouse");
    return "accepted";
  }
  await releaseAllocation(deps.db, allocation.id);
  await deps.db.insert(orderEvents).values({ orderId, kind: "warehouse_cancelled_after_dispatch", detail: { clientReference: allocation.clientReference, alreadyCancelled: outcome.alreadyCancelled }, correlationId });
  deps.logger.info({ allocationId: allocation.id, correlationId }, "dispatch: order cancelled while in flight; stopped at the warehouse");
  return "cancelled";
}
