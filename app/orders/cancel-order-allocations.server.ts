/**
 * Stop an order's shipments before they leave: every live allocation is cancelled at its warehouse
 * (or only in Corridor when it was never handed to dispatch) and its held stock released. Used for
 * Shopify cancellation requests; written channel-neutral so an orders/cancelled or
 * fulfillment_orders/cancelled handler can call it too.
 *
 * Repeatable: warehouse cancels are idempotent (alreadyCancelled), and release only touches `held`
 * reservations of allocations it cancels in the same transaction. A cancel racing its own dispatch
 * (the warehouse does not know the order yet, or did not when it answered) throws a retryable
 * DISPATCH_IN_FLIGHT and releases nothing; dispatch itself stops a create that lands for an order
 * cancelled meanwhile. A split order is looked at in every warehouse before any parcel is stopped.
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { release } from "../db/queries/stock-ledger.server";
import { allocations, inventoryLevels, orders, reservations, warehouses } from "../db/schema";
import { recordException } from "../exceptions/record-exception.server";
import { CorridorError, PartnerError } from "../lib/errors";
import type { SecretBox } from "../lib/secret-box.server";
import { connectorFor } from "../warehouses/connector-config.server";
import type { ConnectorDeps } from "../warehouses/registry";
import { STAGE_RANK, type CancelOutcome } from "../warehouses/warehouse";

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
 * Whether the warehouse may hold the allocation's order although it just answered NOT_FOUND: dispatch
 * has the create in hand (`dispatching`), or the create landed after the warehouse looked (accepted,
 * picked, packed: that NOT_FOUND was already stale when it arrived — finding 19). Only a create the
 * warehouse refused (`failed`) leaves nothing to stop.
 */
async function dispatchInFlight(db: Database, allocationId: number): Promise<boolean> {
  const [now] = await db.select({ status: allocations.status }).from(allocations).where(eq(allocations.id, allocationId));
  return now !== undefined && now.status !== "failed" && now.status !== "cancelled";
}

/** The parcels nearest to leaving are asked first, those never sent last (see below). */
const CANCEL_ORDER: Record<string, number> = { packed: 0, picked: 1, accepted: 2, dispatching: 3, failed: 4, reserved: 5 };

export async function cancelOrderAllocations(
  deps: { db: Database; box: SecretBox; connectorDeps?: ConnectorDeps },
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

  const connectorOf = (warehouse: typeof warehouses.$inferSelect) => connectorFor(deps.box, warehouse, deps.connectorDeps);
  const refOf = (allocation: typeof allocations.$inferSelect) => ({ clientReference: allocation.clientReference, partnerOrderId: allocation.warehouseOrderId ?? undefined });

  // Several parcels: read each warehouse's own record before stopping any. One that has left makes the
  // whole request too late, and stopping its siblings first would leave an order neither cancelled nor
  // whole (a chaos run: one parcel of two stopped, the other shipped, the cancellation refused).
  if (live.length > 1) {
    for (const { allocation, warehouse } of live) {
      if (allocation.status === "reserved") continue;
      const snapshot = await connectorOf(warehouse).fetchOrder(refOf(allocation), { correlationId });
      if (snapshot && snapshot.stage !== "cancelled" && STAGE_RANK[snapshot.stage] >= STAGE_RANK.partially_shipped) {
        return { outcome: "too_late", detail: `${warehouse.name}: ${snapshot.stage.replace("_", " ")}` };
      }
    }
  }

  const ordered = [...live].sort((a, b) => (CANCEL_ORDER[a.allocation.status] ?? 9) - (CANCEL_ORDER[b.allocation.status] ?? 9));
  const cancelled: number[] = [];
  for (const { allocation, warehouse } of ordered) {
    // Never sent to the warehouse: cancelling here is enough, and the queued dispatch then finds it cancelled.
    if (await releaseAllocation(deps.db, allocation.id, { onlyIfNeverSent: true })) {
      cancelled.push(allocation.id);
      continue;
    }
    let outcome: CancelOutcome;
    try {
      outcome = await connectorOf(warehouse).cancelOrder(refOf(allocation), `cancel-${allocation.clientReference}`, { correlationId });
    } catch (error) {
      if (!(error instanceof PartnerError && error.code === "NOT_FOUND")) throw error;
      // Unknown to the warehouse while a create may still land, or landed since it looked: releasing
      // now would leave a live warehouse order for stock Corridor sells again. Ask again later.
      if (await dispatchInFlight(deps.db, allocation.id)) {
        throw new CorridorError("DISPATCH_IN_FLIGHT", `allocation ${allocation.id} (${allocation.clientReference}) is being sent to ${warehouse.code}; cancel again once the warehouse has it`, {
          retryable: true,
          merchantMessage: `The order is being sent to ${warehouse.name} right now. Try cancelling again in a minute.`,
        });
      }
      // The warehouse never got the order (it refused the create): nothing to stop.
      outcome = { outcome: "cancelled", alreadyCancelled: true };
    }
    if (outcome.outcome === "too_late") {
      const detail = `${warehouse.name}: ${outcome.reason}`;
      // A parcel left between the look and its cancel, after others were stopped: say so, never silently.
      if (cancelled.length) await recordPartCancelled(deps.db, orderId, cancelled, detail, correlationId);
      return { outcome: "too_late", detail };
    }
    await releaseAllocation(deps.db, allocation.id);
    cancelled.push(allocation.id);
  }
  return { outcome: "cancelled", allocationIds: cancelled };
}

async function recordPartCancelled(db: Database, orderId: number, allocationIds: number[], detail: string, correlationId: string): Promise<void> {
  const [order] = await db.select({ name: orders.name, canonical: orders.canonical }).from(orders).where(eq(orders.id, orderId));
  await recordException(db, {
    kind: "dispatch_failed",
    subject: `order:${orderId}`,
    shopDomain: order?.canonical.shopDomain ?? null,
    code: "PARTLY_CANCELLED",
    reason: `${order?.name ?? orderId}: allocations ${allocationIds.join(", ")} were cancelled at their warehouses before ${detail} answered that its parcel had left`,
    merchantMessage: `Part of order ${order?.name ?? orderId} was stopped at the warehouse, but another parcel had already left, so the cancellation was refused. The stopped items will not ship: send them again or refund them.`,
    correlationId,
  });
}
