/**
 * A cancellation request for an order split over two warehouses, when one parcel has already left
 * but Corridor has not heard yet (its warehouse's webhooks are behind). Stopping the other parcel
 * first and then learning the first has shipped leaves an order neither cancelled nor whole: one
 * item never ships and the merchant is told the cancellation was refused (a chaos run found it).
 * Judged from the sandbox 3PL's own records.
 */
import { testSecretBox } from "../../helpers/config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocations, exceptions } from "../../../app/db/schema";
import { dispatchAllocation } from "../../../app/dispatch/dispatch-allocation.server";
import { logger } from "../../../app/lib/logger.server";
import { cancelOrderAllocations } from "../../../app/orders/cancel-order-allocations.server";
import { routeAndReserve } from "../../../app/routing/route-and-reserve.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../../helpers/seed";
import { startWarehouseSandbox, type WarehouseSandbox } from "../../sandboxes/warehouse/server";

const TEN_DAYS_MS = 10 * 24 * 3600 * 1000;
let world: IsolatedWorld;
let threePl: WarehouseSandbox;
beforeAll(async () => {
  world = await isolatedWorld();
  threePl = await startWarehouseSandbox({ warehouses: ["US-RNO", "US-ATL"], clock: { mode: "manual" }, defaultOnHand: 100 });
});
afterAll(async () => {
  await threePl?.close();
  await world?.cleanup();
});

describe("cancelling an order split over two warehouses", () => {
  it("GIVEN one parcel already shipped at its warehouse (Corridor not told yet) WHEN the merchant asks to cancel THEN the request is too late and the other parcel is not stopped", async () => {
    const shop = await seedShop(world.db, "split-cancel.myshopify.com");
    const tenant = threePl.tenants[0]!;
    const config = (location: string) => ({ baseUrl: threePl.url, apiKey: tenant.apiKey, webhookSecret: tenant.webhookSecret, partnerLocationId: location, timeoutMs: 5_000 });
    await seedWarehouse(world.db, shop.id, { code: "US-RNO", country: "US", stock: { MUG: 10 }, destinations: ["US"], connectorConfig: config("US-RNO") });
    await seedWarehouse(world.db, shop.id, { code: "US-ATL", country: "US", stock: { HAT: 10 }, destinations: ["US"], connectorConfig: config("US-ATL") });
    const o = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "MUG", quantity: 1 }, { sku: "HAT", quantity: 1 }]));
    expect((await routeAndReserve(world.db, o.orderId, o.revision, { now: new Date("2026-11-25T09:00:00Z"), correlationId: "t" })).kind).toBe("routed");
    const split = await world.db.select().from(allocations).where(eq(allocations.orderId, o.orderId)).orderBy(allocations.id);
    expect(split).toHaveLength(2);
    const [first, second] = split as [typeof allocations.$inferSelect, typeof allocations.$inferSelect];

    // GIVEN the second parcel went out first and has left its warehouse; the first is still being picked
    expect(await dispatchAllocation({ db: world.db, logger, box: testSecretBox }, second.id, "t-2")).toBe("accepted");
    threePl.advance(TEN_DAYS_MS);
    expect(threePl.world.getOrder(tenant, second.clientReference)?.status).toBe("shipped");
    expect(await dispatchAllocation({ db: world.db, logger, box: testSecretBox }, first.id, "t-1")).toBe("accepted");

    // WHEN the cancellation is asked for (Corridor still believes both are only accepted)
    const outcome = await cancelOrderAllocations({ db: world.db, box: testSecretBox }, o.orderId, "t-cancel");

    // THEN it is too late, and the parcel still in the warehouse goes on: nothing was stopped
    expect(outcome).toMatchObject({ outcome: "too_late" });
    expect(threePl.world.getOrder(tenant, first.clientReference)?.status).toBe("received");
    const after = await world.db.select({ status: allocations.status }).from(allocations).where(eq(allocations.orderId, o.orderId)).orderBy(allocations.id);
    expect(after.map((a) => a.status)).toEqual(["accepted", "accepted"]);
    expect(await world.db.select().from(exceptions).where(eq(exceptions.code, "PARTLY_CANCELLED"))).toEqual([]);
  });
});
