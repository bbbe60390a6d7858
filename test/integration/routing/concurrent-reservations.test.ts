/**
 * The routing decision and its stock reservation commit in one transaction that locks the SKU's
 * inventory rows, so concurrent orders are decided one after another and never oversell.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocationLines, allocations, exceptions, inventoryLevels, orders, reservations, skus, warehouseLanes } from "../../../app/db/schema";
import { routeAndReserve } from "../../../app/routing/route-and-reserve.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../../helpers/seed";

let world: IsolatedWorld;
beforeAll(async () => {
  world = await isolatedWorld();
});
afterAll(async () => world?.cleanup());

describe("routing with reservations", () => {
  it("allocates exactly the last 10 units to 10 of 50 concurrent orders; the other 40 become exceptions", async () => {
    // GIVEN one warehouse holding the last 10 units of a SKU
    const shop = await seedShop(world.db, "last-units.myshopify.com", { routingPolicy: "cheapest", maxSplits: 1 });
    const wh = await seedWarehouse(world.db, shop.id, { code: "US-RNO", country: "US", stock: { "PB-10K": 10 }, destinations: ["US"] });
    const seeded = [];
    for (let i = 0; i < 50; i++) seeded.push(await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "PB-10K", quantity: 1 }])));
    // WHEN 50 orders for one unit each are routed at the same time
    const outcomes = await Promise.all(seeded.map((o) => routeAndReserve(world.db, o.orderId, o.revision, { now: new Date("2026-11-24T09:00:00Z"), correlationId: "t" })));
    // THEN exactly 10 are routed, 40 unroutable, and the warehouse holds exactly 10 reserved units
    expect(outcomes.filter((o) => o.kind === "routed")).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === "unroutable")).toHaveLength(40);
    const [level] = await world.db.select().from(inventoryLevels).where(eq(inventoryLevels.warehouseId, wh.id));
    expect(level).toMatchObject({ onHand: 10, reserved: 10 });
    const [held] = await world.db.select({ n: sql<number>`sum(quantity)::int` }).from(reservations).where(eq(reservations.warehouseId, wh.id));
    expect(held!.n).toBe(10);
    const open = await world.db.select().from(exceptions).where(and(eq(exceptions.kind, "unroutable_order"), eq(exceptions.status, "open")));
    expect(open).toHaveLength(40);
    expect(open[0]!.merchantMessage).toMatch(/PB-10K/);
    expect(await world.db.select().from(orders).where(and(eq(orders.shopId, shop.id), eq(orders.stage, "exception")))).toHaveLength(40);
  });

  it("routes the overflow to a second warehouse and never reserves beyond either's stock", async () => {
    const shop = await seedShop(world.db, "two-warehouses.myshopify.com", { routingPolicy: "cheapest", maxSplits: 1 });
    const near = await seedWarehouse(world.db, shop.id, { code: "US-NEAR", country: "US", stock: { SCARF: 10 }, destinations: ["US"], baseCost: 300 });
    const far = await seedWarehouse(world.db, shop.id, { code: "VN-HCM", country: "VN", kind: "origin", stock: { SCARF: 15 }, destinations: ["US"], baseCost: 900, transitDays: 12 });
    const seeded = [];
    for (let i = 0; i < 50; i++) seeded.push(await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "SCARF", quantity: 1 }])));
    const outcomes = await Promise.all(seeded.map((o) => routeAndReserve(world.db, o.orderId, o.revision, { now: new Date("2026-11-24T09:00:00Z"), correlationId: "t" })));
    expect(outcomes.filter((o) => o.kind === "routed")).toHaveLength(25);
    expect(outcomes.filter((o) => o.kind === "unroutable")).toHaveLength(25);
    const levels = await world.db.select().from(inventoryLevels).where(eq(inventoryLevels.sku, "SCARF"));
    expect(levels.find((l) => l.warehouseId === near.id)).toMatchObject({ onHand: 10, reserved: 10 });
    expect(levels.find((l) => l.warehouseId === far.id)).toMatchObject({ onHand: 15, reserved: 15 });
  });

  it("locks only the rows it takes stock from: a warehouse it does not choose can be written meanwhile", async () => {
    // GIVEN a cheap warehouse and a dear one both holding the SKU
    const shop = await seedShop(world.db, "narrow-locks.myshopify.com", { routingPolicy: "cheapest", maxSplits: 1 });
    const cheap = await seedWarehouse(world.db, shop.id, { code: "US-CHEAP", country: "US", stock: { KETTLE: 5 }, destinations: ["US"], baseCost: 300 });
    const dear = await seedWarehouse(world.db, shop.id, { code: "US-DEAR", country: "US", stock: { KETTLE: 5 }, destinations: ["US"], baseCost: 900 });
    const o = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "KETTLE", quantity: 1 }]));
    // WHEN the dear warehouse's row is held by another transaction (a shipment being applied there)
    // while the order is routed
    const outcome = await world.db.transaction(async (tx) => {
      await tx.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, dear.id), eq(inventoryLevels.sku, "KETTLE"))).for("update");
      const routing = routeAndReserve(world.db, o.orderId, o.revision, { now: new Date("2026-11-24T09:00:00Z"), correlationId: "t" });
      return Promise.race([routing, new Promise<"blocked">((r) => setTimeout(() => r("blocked"), 3_000))]);
    });
    // THEN routing did not wait for it: it took its unit from the cheap warehouse at once
    expect(outcome).toMatchObject({ kind: "routed" });
    const [allocation] = await world.db.select().from(allocations).where(eq(allocations.orderId, o.orderId));
    expect(allocation!.warehouseId).toBe(cheap.id);
  });

  it("is idempotent: routing the same revision twice allocates once", async () => {
    const shop = await seedShop(world.db, "idempotent.myshopify.com");
    await seedWarehouse(world.db, shop.id, { code: "US-1", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const o = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "MUG", quantity: 2 }]));
    const first = await routeAndReserve(world.db, o.orderId, o.revision, { now: new Date(), correlationId: "t" });
    const second = await routeAndReserve(world.db, o.orderId, o.revision, { now: new Date(), correlationId: "t" });
    expect(first.kind).toBe("routed");
    expect(second).toEqual({ kind: "skipped", reason: "already routed" });
    const rows = await world.db.select().from(allocations).where(eq(allocations.orderId, o.orderId));
    expect(rows).toHaveLength(1);
    expect(await world.db.select().from(allocationLines).where(eq(allocationLines.allocationId, rows[0]!.id))).toEqual([
      expect.objectContaining({ sku: "MUG", quantity: 2 }),
    ]);
    expect((await world.db.select().from(orders).where(eq(orders.id, o.orderId)))[0]!.routingDecision).toMatchObject({ status: "routed" });
  });

  it("applies the catalogue's lithium flag when the storefront's order does not carry it", async () => {
    // GIVEN a power bank known to the catalogue as a loose lithium-ion battery, and two warehouses:
    // a cheap air lane that may not carry lithium, and a dearer ground lane
    const shop = await seedShop(world.db, "lithium.myshopify.com", { routingPolicy: "cheapest" });
    const air = await seedWarehouse(world.db, shop.id, { code: "AIR", country: "VN", stock: { "PB-10K": 5 }, destinations: ["US"], baseCost: 100 });
    await world.db.update(warehouseLanes).set({ mode: "air" }).where(eq(warehouseLanes.warehouseId, air.id));
    const ground = await seedWarehouse(world.db, shop.id, { code: "GROUND", country: "US", stock: { "PB-10K": 5 }, destinations: ["US"], baseCost: 900 });
    await world.db.insert(skus).values({ shopId: shop.id, sku: "PB-10K", weightGrams: 250, dangerousGoods: { lithium: "ion_in_equipment", wattHours: 37 } });
    // WHEN an order that says nothing about batteries is routed
    const o = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "PB-10K", quantity: 1 }]));
    const outcome = await routeAndReserve(world.db, o.orderId, o.revision, { now: new Date(), correlationId: "t" });
    // THEN it ships by ground, never by the cheaper air lane
    expect(outcome.kind).toBe("routed");
    const [allocation] = await world.db.select().from(allocations).where(eq(allocations.orderId, o.orderId));
    expect(allocation!.warehouseId).toBe(ground.id);
  });
});
