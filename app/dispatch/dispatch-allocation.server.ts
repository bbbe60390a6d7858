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
import { createWarehouse, type ConnectorDeps } from "../warehouses/registry";
import type { DispatchRequest } from "../warehouses/warehouse";
import { QUEUE } from "../queues/names";
import { customsDocumentsFor } from "./customs-documents.server";

export type DispatchOutcome = "accepted" | "already-dispatched" | "failed" | "cancelled";

export async function dispatchAllocation(
  deps: { db: Database; logger: Logger; connectorDeps?: ConnectorDeps },
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
  if (!row) return "cancelled";
  const { allocation, warehouse, order } = row;
  if (allocation.status === "cancelled" || order.stage === "cancelled") return "cancelled";
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
  await db.update(allocations).set({ status: "dispatching", updatedAt: sql`now()` }).where(and(eq(allocations.id, allocationId), eq(allocations.status, "reserved")));
  try {
    const connector = createWarehouse(warehouse.connector, warehouse.connectorConfig, deps.connectorDeps);
    const documents = await customsDocumentsFor(deps, row, connector, correlationId);
    const receipt = await connector.submitOrder(documents.length ? { ...request, documents } : request, allocation.clientReference, { correlationId });
    await db.transaction(async (tx) => {
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
    });
    return "accepted";
  } catch (error) {
    if (isRetryable(error)) throw error;
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
