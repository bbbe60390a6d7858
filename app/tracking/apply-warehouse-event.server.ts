/**
 * A warehouse's push, applied to Corridor's state. Pushes arrive at least once and out of order, so:
 * an allocation's stage only moves forward (STAGE_RANK); a tracking event is stored once (unique
 * per allocation and partner event id) with its progress rank, and a late one is history only; stock
 * levels apply only when the partner's timestamp is newer than the one held. Whatever must reach the
 * storefront is queued by name (push-tracking job ids), so a replay never pushes twice.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Transaction } from "../db/client.server";
import { consume, setCount } from "../db/queries/stock-ledger.server";
import { allocations, inventoryLevels, orderEvents, orders, reservations, trackingEvents, warehouses } from "../db/schema";
import type { ChannelId } from "../domain/order";
import { STAGE_RANK, TRACKING_RANK, type Shipment, type WarehouseEvent, type WarehouseOrderSnapshot } from "../warehouses/warehouse";

type AllocationStatus = (typeof allocations.$inferSelect)["status"];

/** Allocation status ↔ warehouse stage / parcel status, on one progress scale. */
const STATUS_RANK: Record<AllocationStatus, number> = {
  reserved: 0, dispatching: 5, accepted: 10, picked: 20, packed: 30, shipped: 50, in_transit: 60, delivered: 100, cancelled: 90, failed: 1,
};

export interface Push {
  kind: "shipment" | "event";
  allocationId: number;
  trackingEventId?: number;
  trackingNumber?: string | null;
  /** The order's channel, so the push job finds its pusher without a read. */
  channel: ChannelId;
}

export interface ApplyResult {
  pushes: Push[];
  note: string;
}

/** An allocation with its order's channel (where its pushes go). */
type Allocation = typeof allocations.$inferSelect & { channel: ChannelId };

/** The shop's allocation with this reference, locked; a partner pushing another shop's reference finds nothing. */
async function allocationByReference(tx: Transaction, shopId: number, clientReference: string): Promise<Allocation | undefined> {
  const [row] = await tx
    .select({ allocation: allocations, channel: orders.channel })
    .from(allocations)
    .innerJoin(orders, eq(orders.id, allocations.orderId))
    .where(and(eq(allocations.clientReference, clientReference), eq(orders.shopId, shopId)))
    .for("update", { of: allocations });
  return row && { ...row.allocation, channel: row.channel };
}

/** Shipped: the held units leave the building, once (stock-ledger says how a count taken meanwhile counts). */
async function consumeReservations(tx: Transaction, allocationId: number, shippedAt: Date) {
  const held = await tx
    .update(reservations)
    .set({ status: "consumed" })
    .where(and(eq(reservations.allocationId, allocationId), eq(reservations.status, "held")))
    .returning();
  for (const r of held) {
    await tx
      .update(inventoryLevels)
      .set({ ...consume(r.quantity, shippedAt), updatedAt: sql`now()` })
      .where(and(eq(inventoryLevels.warehouseId, r.warehouseId), eq(inventoryLevels.sku, r.sku)));
  }
}

/** Moves the order's stage to the least advanced of its live allocations. */
async function syncOrderStage(tx: Transaction, orderId: number) {
  await tx.execute(sql`
    UPDATE orders SET stage = CASE
        WHEN bool_and_delivered THEN 'delivered'
        WHEN bool_and_shipped THEN 'shipped'
        ELSE stage END, updated_at = now()
    FROM (SELECT bool_and(status = 'delivered') AS bool_and_delivered,
                 bool_and(status IN ('shipped', 'in_transit', 'delivered')) AS bool_and_shipped
          FROM allocations WHERE order_id = ${orderId} AND status NOT IN ('cancelled', 'failed')) a
    WHERE orders.id = ${orderId} AND orders.stage NOT IN ('cancelled', 'exception')`);
}

/** Applies a shipment and returns the allocation as it now stands (the caller reads no row again). */
async function applyShipment(tx: Transaction, allocation: Allocation, shipment: Shipment, pushes: Push[]): Promise<Allocation> {
  const shippedNow = STAGE_RANK[shipment.stage] >= STAGE_RANK.shipped && STATUS_RANK[allocation.status] < STATUS_RANK.shipped;
  const handover = allocation.trackingNumber && shipment.trackingNumber && shipment.trackingNumber !== allocation.trackingNumber;
  if (shippedNow) {
    const shippedAt = shipment.shippedAt ? new Date(shipment.shippedAt) : new Date();
    const set = { status: "shipped" as const, carrier: shipment.carrier?.code ?? null, trackingNumber: shipment.trackingNumber ?? null, trackingUrl: shipment.trackingUrl ?? null, shippedAt };
    await tx.update(allocations).set({ ...set, updatedAt: sql`now()` }).where(eq(allocations.id, allocation.id));
    await consumeReservations(tx, allocation.id, shippedAt);
    await tx.insert(orderEvents).values({ orderId: allocation.orderId, kind: "shipped", detail: { clientReference: allocation.clientReference, carrier: shipment.carrier?.name, trackingNumber: shipment.trackingNumber } });
    pushes.push({ kind: "shipment", allocationId: allocation.id, trackingNumber: shipment.trackingNumber, channel: allocation.channel });
    return { ...allocation, ...set };
  }
  if (handover) {
    // The parcel changed hands (line-haul → local carrier): new number, history kept in tracking_events.
    const set = { carrier: shipment.carrier?.code ?? allocation.carrier, trackingNumber: shipment.trackingNumber!, trackingUrl: shipment.trackingUrl ?? null };
    await tx.update(allocations).set({ ...set, updatedAt: sql`now()` }).where(eq(allocations.id, allocation.id));
    await tx.insert(orderEvents).values({ orderId: allocation.orderId, kind: "carrier_handover", detail: { from: allocation.trackingNumber, to: shipment.trackingNumber, carrier: shipment.carrier?.name } });
    pushes.push({ kind: "shipment", allocationId: allocation.id, trackingNumber: shipment.trackingNumber, channel: allocation.channel });
    return { ...allocation, ...set };
  }
  if (STATUS_RANK[allocation.status] >= STATUS_RANK.shipped && allocation.status !== "cancelled" && !allocation.channelFulfillmentId) {
    // Applied before, but the storefront has no shipment yet: the push queued after that commit may
    // have been lost (Redis down between commit and enqueue). Queue it again; its name dedupes it.
    pushes.push({ kind: "shipment", allocationId: allocation.id, trackingNumber: allocation.trackingNumber, channel: allocation.channel });
  }
  return allocation;
}

async function applyStage(tx: Transaction, shopId: number, order: WarehouseOrderSnapshot, pushes: Push[]): Promise<string> {
  const found = await allocationByReference(tx, shopId, order.clientReference);
  if (!found) return `no allocation ${order.clientReference} of this shop`;
  let allocation = found;
  const target: AllocationStatus | undefined =
    order.stage === "cancelled" ? "cancelled" : order.stage === "picked" ? "picked" : order.stage === "packed" ? "packed" : order.stage === "accepted" ? "accepted" : undefined;
  if (target && STATUS_RANK[target] > STATUS_RANK[allocation.status] && allocation.status !== "cancelled") {
    await tx.update(allocations).set({ status: target, warehouseOrderId: allocation.warehouseOrderId ?? order.partnerOrderId, updatedAt: sql`now()` }).where(eq(allocations.id, allocation.id));
    await tx.insert(orderEvents).values({ orderId: allocation.orderId, kind: `warehouse_${target}`, detail: { clientReference: order.clientReference } });
    allocation = { ...allocation, status: target };
  }
  for (const shipment of order.shipments) allocation = await applyShipment(tx, allocation, shipment, pushes);
  // The order's stage follows its allocations, so it can only move when this one's status did.
  if (allocation.status !== found.status) await syncOrderStage(tx, allocation.orderId);
  return `stage ${order.stage}`;
}

async function applyTracking(tx: Transaction, shopId: number, event: Extract<WarehouseEvent, { kind: "shipment.tracking" }>, pushes: Push[]): Promise<string> {
  const found = await allocationByReference(tx, shopId, event.clientReference);
  if (!found) return `no allocation ${event.clientReference} of this shop`;
  let allocation = await applyShipment(tx, found, event.shipment, pushes);
  const sequence = TRACKING_RANK[event.event.status];
  const [stored] = await tx
    .insert(trackingEvents)
    .values({
      allocationId: allocation.id,
      eventKey: event.event.eventId,
      status: event.event.status,
      sequence,
      happenedAt: new Date(event.event.happenedAt),
      carrier: event.shipment.carrier?.code ?? allocation.carrier,
      trackingNumber: event.shipment.trackingNumber ?? allocation.trackingNumber,
      location: [event.event.location?.city, event.event.location?.countryCode].filter(Boolean).join(", ") || null,
      message: event.event.message ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: trackingEvents.id });
  if (!stored) {
    // Stored before; if its push never reached the storefront (lost enqueue), queue it again by name.
    const [known] = await tx
      .select({ id: trackingEvents.id, pushedAt: trackingEvents.pushedAt })
      .from(trackingEvents)
      .where(and(eq(trackingEvents.allocationId, allocation.id), eq(trackingEvents.eventKey, event.event.eventId)));
    if (known && !known.pushedAt) pushes.push({ kind: "event", allocationId: allocation.id, trackingEventId: known.id, channel: allocation.channel });
    if (allocation.status !== found.status) await syncOrderStage(tx, allocation.orderId);
    return "duplicate tracking event";
  }
  const next: AllocationStatus | undefined = event.event.status === "delivered" ? "delivered" : sequence >= TRACKING_RANK.carrier_picked_up ? "in_transit" : undefined;
  if (next && STATUS_RANK[next] > STATUS_RANK[allocation.status]) {
    await tx.update(allocations).set({ status: next, deliveredAt: next === "delivered" ? new Date(event.event.happenedAt) : null, updatedAt: sql`now()` }).where(eq(allocations.id, allocation.id));
    if (next === "delivered") await tx.insert(orderEvents).values({ orderId: allocation.orderId, kind: "delivered", detail: { clientReference: allocation.clientReference } });
    allocation = { ...allocation, status: next };
  }
  if (allocation.status !== found.status) await syncOrderStage(tx, allocation.orderId);
  pushes.push({ kind: "event", allocationId: allocation.id, trackingEventId: stored.id, channel: allocation.channel });
  return `tracking ${event.event.status}`;
}

async function applyStock(tx: Transaction, shopId: number, connector: string, event: Extract<WarehouseEvent, { kind: "stock.changed" }>): Promise<string> {
  const whs = await tx
    .select({ id: warehouses.id, location: sql<string>`${warehouses.connectorConfig}->>'partnerLocationId'` })
    .from(warehouses)
    .where(and(eq(warehouses.shopId, shopId), eq(warehouses.connector, connector)));
  const byLocation = new Map(whs.map((w) => [w.location, w.id]));
  let applied = 0;
  for (const level of event.levels) {
    const warehouseId = byLocation.get(level.partnerLocationId);
    if (!warehouseId) continue;
    const result = await tx
      .update(inventoryLevels)
      .set({ ...setCount(level.onHand), reportedAt: new Date(level.reportedAt), updatedAt: sql`now()` })
      .where(and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.sku, level.sku), sql`(${inventoryLevels.reportedAt} IS NULL OR ${inventoryLevels.reportedAt} < ${new Date(level.reportedAt).toISOString()})`))
      .returning({ sku: inventoryLevels.sku });
    applied += result.length;
  }
  return `${applied} stock levels applied`;
}

export async function applyWarehouseEvent(tx: Transaction, shopId: number, connector: string, event: WarehouseEvent): Promise<ApplyResult> {
  const pushes: Push[] = [];
  let note: string;
  if (event.kind === "order.stage") note = await applyStage(tx, shopId, event.order, pushes);
  else if (event.kind === "shipment.tracking") note = await applyTracking(tx, shopId, event, pushes);
  else note = await applyStock(tx, shopId, connector, event);
  return { pushes, note };
}
