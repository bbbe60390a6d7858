/**
 * A warehouse's stock count can reach Corridor before the shipment that explains it: the units left,
 * our reservation still holds them. Corridor's on-hand must end equal to the warehouse's once the
 * shipment (or a cancellation) is applied. It ended one unit above in the 10,000-order chaos run
 * (docs/RELIABILITY.md, finding 18), and the next order for that unit was refused as OUT_OF_STOCK.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hold } from "../../../app/db/queries/stock-ledger.server";
import { allocations, inventoryLevels, reservations } from "../../../app/db/schema";
import { releaseAllocation } from "../../../app/orders/cancel-order-allocations.server";
import { applyWarehouseEvent } from "../../../app/tracking/apply-warehouse-event.server";
import type { WarehouseEvent } from "../../../app/warehouses/warehouse";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../../helpers/seed";

const SHOP = "count-first.myshopify.com";
const SKU = "CERAMIC-TEA-SET";
let world: IsolatedWorld;
let shopId: number;
let warehouseId: number;
let seq = 0;

const apply = (event: WarehouseEvent) => world.db.transaction((tx) => applyWarehouseEvent(tx, shopId, "sandbox", event));

/** The warehouse counted `onHand` at `at`. */
const count = (onHand: number, at: string): WarehouseEvent => ({ kind: "stock.changed", levels: [{ sku: SKU, partnerLocationId: "VN-HCM", onHand, committed: 0, available: onHand, reportedAt: at }] });

/** The warehouse shipped the allocation's parcel at `at`. */
const shipped = (clientReference: string, at: string): WarehouseEvent => ({
  kind: "order.stage",
  order: {
    clientReference,
    partnerOrderId: `po-${clientReference}`,
    partnerLocationId: "VN-HCM",
    stage: "shipped",
    updatedAt: at,
    shipments: [{ partnerShipmentId: `shp-${clientReference}`, stage: "shipped", trackingNumber: `TN${clientReference}`, shippedAt: at, lines: [], events: [] }],
  },
});

/** An accepted order holding `quantity` more units, as routing and dispatch leave it. */
async function acceptedOrder(quantity: number): Promise<{ id: number; ref: string }> {
  seq += 1;
  const ref = `cf-${seq}`;
  const { orderId } = await seedOrder(world.db, canonicalOrder(SHOP, [{ sku: SKU, quantity }]));
  const [row] = await world.db
    .insert(allocations)
    .values({ orderId, warehouseId, clientReference: ref, status: "accepted", mode: "ground", expectedCost: 500, costCurrency: "USD" })
    .returning();
  await world.db.insert(reservations).values({ allocationId: row!.id, warehouseId, sku: SKU, quantity });
  await world.db.update(inventoryLevels).set(hold(quantity)).where(and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.sku, SKU)));
  return { id: row!.id, ref };
}

async function level() {
  const [row] = await world.db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.sku, SKU)));
  return { onHand: row!.onHand, reserved: row!.reserved, available: row!.onHand - row!.reserved };
}

beforeAll(async () => {
  world = await isolatedWorld();
  shopId = (await seedShop(world.db, SHOP)).id;
  warehouseId = (await seedWarehouse(world.db, shopId, { code: "VN-HCM", country: "VN", kind: "origin", stock: {}, destinations: ["US"], connectorConfig: { partnerLocationId: "VN-HCM" } })).id;
});

beforeEach(async () => {
  await world.db.delete(reservations);
  await world.db.delete(inventoryLevels);
  await world.db.insert(inventoryLevels).values({ warehouseId, sku: SKU, onHand: 1 });
});

afterAll(async () => {
  await world?.cleanup();
});

describe("a warehouse count that arrives before the shipment it reflects", () => {
  it("GIVEN the last unit held for an order WHEN the count of 0 arrives before the shipment THEN nothing is sellable meanwhile, and on-hand ends at the warehouse's 0", async () => {
    const order = await acceptedOrder(1);

    await apply(count(0, "2026-11-25T10:05:00Z"));
    expect(await level()).toEqual({ onHand: 1, reserved: 1, available: 0 });

    await apply(shipped(order.ref, "2026-11-25T10:00:00Z"));
    expect(await level()).toEqual({ onHand: 0, reserved: 0, available: 0 });
  });

  it("GIVEN two orders holding two units WHEN a count taken after one parcel left arrives first THEN only that shipment's units come off when it is applied", async () => {
    await world.db.update(inventoryLevels).set({ onHand: 5 });
    const first = await acceptedOrder(2);
    const second = await acceptedOrder(2);

    // The warehouse had 5, shipped the first order's 2, counted 3 (the second order's 2 still there).
    await apply(count(3, "2026-11-25T10:05:00Z"));
    expect(await level()).toEqual({ onHand: 4, reserved: 4, available: 0 });

    await apply(shipped(first.ref, "2026-11-25T10:00:00Z"));
    expect(await level()).toEqual({ onHand: 3, reserved: 2, available: 1 });

    // The second parcel leaves after the count: its units come off on-hand too.
    await apply(shipped(second.ref, "2026-11-25T10:10:00Z"));
    expect(await level()).toEqual({ onHand: 1, reserved: 0, available: 1 });
  });

  it("GIVEN the count left out a held unit WHEN that order is cancelled instead THEN on-hand returns to the warehouse's count", async () => {
    const order = await acceptedOrder(1);
    await apply(count(0, "2026-11-25T10:05:00Z"));

    expect(await releaseAllocation(world.db, order.id)).toBe(true);
    expect(await level()).toEqual({ onHand: 0, reserved: 0, available: 0 });
  });

  it("GIVEN a count that includes the held units WHEN the order ships or is cancelled THEN on-hand follows as before", async () => {
    await world.db.update(inventoryLevels).set({ onHand: 3 });
    const shippedLater = await acceptedOrder(1);
    const cancelled = await acceptedOrder(1);
    await apply(count(3, "2026-11-25T10:05:00Z"));
    expect(await level()).toEqual({ onHand: 3, reserved: 2, available: 1 });

    await apply(shipped(shippedLater.ref, "2026-11-25T10:10:00Z"));
    expect(await level()).toEqual({ onHand: 2, reserved: 1, available: 1 });
    await releaseAllocation(world.db, cancelled.id);
    expect(await level()).toEqual({ onHand: 2, reserved: 0, available: 2 });

    // A count older than the shipment is stale and changes nothing.
    await apply(count(3, "2026-11-25T10:07:00Z"));
    expect(await level()).toEqual({ onHand: 2, reserved: 0, available: 2 });
  });
});
