/**
 * Stop an order's shipments before they leave: every live allocation is cancelled at its warehouse
 * (or only in Corridor when it was never handed to dispatch) and its held stock released. Used for
 * Shopify cancellation requests; written channel-neutral so an orders/cancelled or
 * fulfillment_orders/cancelled handler can call it too.
 *
 * Repeatable: warehouse cancels are idempotent (alreadyCancelled), and release only touches `held`
 * reservations of allocations it cancels in the same transaction. A cancel racing its own dispatch
 * (the warehouse does not know the order yet) throws a retryable DISPATCH_IN_FLIGHT and releases
 * nothing; dispatch itself stops a create that lands for an order cancelled meanwhile.
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { release } from "../db/queries/stock-ledger.server";
import { allocations, inventoryLevels, reservations, warehouses } from "../db/schema";
import { CorridorError, PartnerError } from "../lib/errors";
import { createWarehouse, type ConnectorDeps } from "../warehouses/registry";
import type { CancelOutcome } from "../warehouses/warehouse";

export const LEFT_THE_BUILDING = ["shipped", "in_transit", "delivered"] as const;

export type CancelAllocationsOutcome =
  | { outcome: "cancelled"; allocationIds: number[] }
  /** A parcel has left: `detail` says which, for the merchant's sentence. Earlier allocations may be cancelled. */
  | { outcome: "too_late"; detail: string };

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
        .set({ ...release(r.quantity), updatedAt: sql`now()` })
        .where(and(eq(inventoryLevels.warehouseId, r.warehouseId), eq(inventoryLevels.sku, r.sku)));
    }
    return true;
  });
}

/**
 * Whether a create for the allocation may still reach its warehouse: dispatch has it in hand
 * (`dispatching`), or the warehouse took it without naming its order yet (an empty create answer).
 */
async function dispatchInFlight(db: Database, allocationId: number): Promise<boolean> {
  const [now] = await db.select({ status: allocations.status, warehouseOrderId: allocations.warehouseOrderId }).from(allocations).where(eq(allocations.id, allocationId));
  return now?.status === "dispatching" || (now?.status === "accepted" && now.warehouseOrderId === null);
}

export async function cancelOrderAllocations(
  deps: { db: Database; connectorDeps?: ConnectorDeps },
  orderId: number,
  correlationId: string,
): Promise<CancelAllocationsOutcome> {
  const live = await deps.db
    .select({ allocation: allocations, warehouse: warehouses })
    .from(allocations)
    .innerJoin(warehouses, eq(warehouses.id, allocations.warehouseId))
    .where(and(eq(allocations.orderId, orderId), notInArray(allocations.status, ["cancelled"])));

  const gone = live.find((l) => (LEFT_THE_BUILDING as readonly string[]).includes(l.allocation.status));
  if (gone) return { outcome: "too_late", detail: gone.allocation.trackingNumber ? `tracking ${gone.allocation.trackingNumber}` : `shipped from ${gone.warehouse.name}` };

  const cancelled: number[] = [];
  for (const { allocation, warehouse } of live) {
    // Never sent to the warehouse: cancelling here is enough, and the queued dispatch then finds it cancelled.
    if (await releaseAllocation(deps.db, allocation.id, { onlyIfNeverSent: true })) {
      cancelled.push(allocation.id);
      continue;
    }
    const connector = createWarehouse(warehouse.connector, warehouse.connectorConfig, deps.connectorDeps);
    let outcome: CancelOutcome;
    try {
      outcome = await connector.cancelOrder(
        { clientReference: allocation.clientReference, partnerOrderId: allocation.warehouseOrderId ?? undefined },
        `cancel-${allocation.clientReference}`,
        { correlationId },
      );
    } catch (error) {
      if (!(error instanceof PartnerError && error.code === "NOT_FOUND")) throw error;
      // Unknown to the warehouse while a create may still land: releasing now would leave a live
      // warehouse order for stock Corridor sells again. Retry once dispatch has an answer.
      if (await dispatchInFlight(deps.db, allocation.id)) {
        throw new CorridorError("DISPATCH_IN_FLIGHT", `allocation ${allocation.id} (${allocation.clientReference}) is being sent to ${warehouse.code}; cancel again once the warehouse has it`, {
          retryable: true,
          merchantMessage: `The order is being sent to ${warehouse.name} right now. Try cancelling again in a minute.`,
        });
      }
      // The warehouse never got the order (it refused the create): nothing to stop.
      outcome = { outcome: "cancelled", alreadyCancelled: true };
    }
    if (outcome.outcome === "too_late") return { outcome: "too_late", detail: `${warehouse.name}: ${outcome.reason}` };
    await releaseAllocation(deps.db, allocation.id);
    cancelled.push(allocation.id);
  }
  return { outcome: "cancelled", allocationIds: cancelled };
}
