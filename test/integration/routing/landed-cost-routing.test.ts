/**
 * Landed-cost-aware routing against a real database: the routing job prices each candidate with the
 * customs core's "duties_and_taxes" term, so a parcel from Vietnam that pays US duty at the border
 * loses to duty-prepaid US stock even when its freight is a little cheaper.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, skus, warehouses } from "../../../app/db/schema";
import type { RoutingDecision } from "../../../app/domain/routing/types";
import { routeAndReserve } from "../../../app/routing/route-and-reserve.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../../helpers/seed";

let world: IsolatedWorld;
beforeAll(async () => {
  world = await isolatedWorld();
});
afterAll(async () => world?.cleanup());

const NOW = new Date("2026-11-25T09:00:00Z");

async function storedDecision(orderId: number): Promise<RoutingDecision> {
  const [row] = await world.db.select({ d: orders.routingDecision }).from(orders).where(eq(orders.id, orderId));
  return row!.d as unknown as RoutingDecision;
}

describe("routing with the landed-cost term", () => {
  it("routes a US order to duty-prepaid US stock when Vietnam is cheaper on freight but pays duty at the border", async () => {
    // GIVEN a cotton T-shirt (HS 6109.10, made in VN, $25.00) stocked in Vietnam and in a US 3PL
    // whose stock was imported in bulk with duty paid; Vietnam's lane is $1.00 cheaper on freight.
    const shop = await seedShop(world.db, "landed-cost.myshopify.com", { routingPolicy: "cheapest", maxSplits: 1 });
    await world.db.insert(skus).values({ shopId: shop.id, sku: "TEE-COTTON-M", weightGrams: 300, hsCode: "610910", countryOfOrigin: "VN", customsDescription: "men's knitted cotton T-shirt" });
    const vn = await seedWarehouse(world.db, shop.id, { code: "VN-HCM", country: "VN", kind: "origin", stock: { "TEE-COTTON-M": 10 }, destinations: ["US"], baseCost: 400 });
    const us = await seedWarehouse(world.db, shop.id, { code: "US-RNO", country: "US", stock: { "TEE-COTTON-M": 10 }, destinations: ["US"], baseCost: 500 });
    await world.db.update(warehouses).set({ dutiesPrepaid: true }).where(eq(warehouses.id, us.id));
    const o = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "TEE-COTTON-M", quantity: 1 }]));

    // WHEN the order is routed
    const outcome = await routeAndReserve(world.db, o.orderId, o.revision, { now: NOW, correlationId: "t" });

    // THEN it ships from the US warehouse, and the stored explanation shows the duty term for both:
    // Vietnam pays US MFN duty on $25.00 at the border (> $0), the US stock pays none.
    expect(outcome.kind).toBe("routed");
    const decision = await storedDecision(o.orderId);
    if (decision.status !== "routed") throw new Error(`expected routed, got ${decision.code}`);
    expect(decision.allocations.map((a) => a.warehouseCode)).toEqual(["US-RNO"]);
    const duty = (code: string) => decision.candidates.find((c) => c.warehouseCode === code)?.cost?.terms.find((t) => t.name === "duties_and_taxes");
    expect(duty("VN-HCM")!.amount).toBeGreaterThan(100);
    expect(duty("US-RNO")).toMatchObject({ amount: 0 });
    const carrier = (code: string) => decision.candidates.find((c) => c.warehouseCode === code)!.cost!.terms.find((t) => t.name === "carrier")!.amount;
    expect(carrier("VN-HCM")).toBeLessThan(carrier("US-RNO"));
    expect(vn.id).not.toBe(us.id);
  });

  it("routes a product without an HS code as before, saying its duty was not estimated", async () => {
    // GIVEN a product with no customs data, stocked only in Vietnam
    const shop = await seedShop(world.db, "no-hs.myshopify.com", { routingPolicy: "cheapest", maxSplits: 1 });
    await seedWarehouse(world.db, shop.id, { code: "VN-HCM", country: "VN", kind: "origin", stock: { "NO-HS": 3 }, destinations: ["US"] });
    const o = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "NO-HS", quantity: 1 }]));
    // WHEN it is routed THEN it is routed, with a zero duty term noted as not estimated
    const outcome = await routeAndReserve(world.db, o.orderId, o.revision, { now: NOW, correlationId: "t" });
    expect(outcome.kind).toBe("routed");
    const term = (await storedDecision(o.orderId)).candidates[0]!.cost!.terms.find((t) => t.name === "duties_and_taxes");
    expect(term).toMatchObject({ amount: 0 });
    expect(term!.note).toMatch(/not estimated: NO-HS has no HS code/);
  });
});
