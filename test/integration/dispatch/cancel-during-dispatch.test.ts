/**
 * Finding 3 of docs/RELIABILITY.md: an allocation cancelled while its own create is still on the way
 * to the 3PL. The 3PL does not know the order yet (NOT_FOUND); releasing then would leave a live
 * warehouse order for stock Corridor sells again. Judged from the sandbox 3PL's own records and
 * Corridor's stock: the warehouse order ends cancelled, stock is released once, nothing is held.
 */
import { testSecretBox } from "../../helpers/config";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocations, inventoryLevels, reservations } from "../../../app/db/schema";
import { dispatchAllocation } from "../../../app/dispatch/dispatch-allocation.server";
import { logger } from "../../../app/lib/logger.server";
import { cancelOrderAllocations } from "../../../app/orders/cancel-order-allocations.server";
import { routeAndReserve } from "../../../app/routing/route-and-reserve.server";
import { upsertOrder } from "../../../app/orders/upsert-order.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../../helpers/seed";
import { startWarehouseSandbox, type WarehouseSandbox } from "../../sandboxes/warehouse/server";

let world: IsolatedWorld;
let threePl: WarehouseSandbox;
beforeAll(async () => {
  world = await isolatedWorld();
  threePl = await startWarehouseSandbox({ warehouses: ["US-RNO"], clock: { mode: "manual" }, defaultOnHand: 100, faults: { hangMs: 2_000 } });
});
afterAll(async () => {
  await threePl?.close();
  await world?.cleanup();
});

const SLOW_CREATE_MS = 1_500;

/** A shop whose only warehouse is the sandbox 3PL's US-RNO with 10 MUG, and a routed order for 2. */
async function routedOrder(domain: string) {
  const shop = await seedShop(world.db, domain);
  const tenant = threePl.tenants[0]!;
  const wh = await seedWarehouse(world.db, shop.id, {
    code: "US-RNO",
    country: "US",
    stock: { MUG: 10 },
    destinations: ["US"],
    connectorConfig: { baseUrl: threePl.url, apiKey: tenant.apiKey, webhookSecret: tenant.webhookSecret, partnerLocationId: "US-RNO", timeoutMs: 5_000 },
  });
  const canonical = canonicalOrder(shop.domain, [{ sku: "MUG", quantity: 2 }]);
  const o = await seedOrder(world.db, canonical);
  expect((await routeAndReserve(world.db, o.orderId, o.revision, { now: new Date("2026-11-25T09:00:00Z"), correlationId: "t" })).kind).toBe("routed");
  const [alloc] = await world.db.select().from(allocations).where(eq(allocations.orderId, o.orderId));
  return { canonical, orderId: o.orderId, alloc: alloc!, warehouseId: wh.id, tenant };
}

/** GIVEN the next create is slow: dispatch starts, and this resolves once its create is held at the 3PL. */
async function startSlowDispatch(allocationId: number) {
  threePl.faults.update({ script: [{ fault: { kind: "delay", ms: SLOW_CREATE_MS }, method: "POST", pathPrefix: "/v1/orders" }] });
  const dispatch = dispatchAllocation({ db: world.db, logger, box: testSecretBox }, allocationId, "t-dispatch");
  // The create has reached the 3PL (it took the scripted delay) and is held there.
  for (let i = 0; i < 300 && threePl.faults.config.script.length > 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(threePl.faults.config.script).toEqual([]);
  return { dispatch };
}

async function stockOf(warehouseId: number, allocationId: number) {
  const [level] = await world.db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.sku, "MUG")));
  const held = await world.db.select().from(reservations).where(eq(reservations.allocationId, allocationId));
  return { onHand: level!.onHand, reserved: level!.reserved, reservations: held.map((r) => r.status) };
}

describe("a cancel racing its own dispatch", () => {
  it("GIVEN a slow create, WHEN the order is cancelled meanwhile, THEN the cancel waits for the create and the 3PL ends with the order cancelled and the stock released once", async () => {
    const { alloc, warehouseId, tenant } = await routedOrder("race-request.myshopify.com");
    const { dispatch } = await startSlowDispatch(alloc.id);

    // WHEN a cancellation request arrives while the create is in flight
    // THEN it does not release anything yet: a retryable "dispatch in flight"
    await expect(cancelOrderAllocations({ db: world.db, box: testSecretBox }, alloc.orderId, "t-cancel")).rejects.toMatchObject({ code: "DISPATCH_IN_FLIGHT", retryable: true });
    expect(await stockOf(warehouseId, alloc.id)).toMatchObject({ reserved: 2, reservations: ["held"] });

    // WHEN the create lands and the cancel job retries
    expect(await dispatch).toBe("accepted");
    expect(await cancelOrderAllocations({ db: world.db, box: testSecretBox }, alloc.orderId, "t-cancel-2")).toEqual({ outcome: "cancelled", allocationIds: [alloc.id] });

    // THEN the 3PL's own record of the order is cancelled, and its committed stock returned
    expect(threePl.world.getOrder(tenant, alloc.clientReference)?.status).toBe("cancelled");
    expect(threePl.world.stockLevels(tenant, "US-RNO", ["MUG"]).levels[0]).toMatchObject({ on_hand: 100, committed: 0 });
    // AND Corridor's stock is back on sale exactly once: nothing reserved, on-hand untouched, reservation released
    expect(await stockOf(warehouseId, alloc.id)).toEqual({ onHand: 10, reserved: 0, reservations: ["released"] });
    const [after] = await world.db.select().from(allocations).where(eq(allocations.id, alloc.id));
    expect(after!.status).toBe("cancelled");
    // AND a later retry of either side changes nothing
    expect(await cancelOrderAllocations({ db: world.db, box: testSecretBox }, alloc.orderId, "t-cancel-3")).toEqual({ outcome: "cancelled", allocationIds: [] });
    expect(await dispatchAllocation({ db: world.db, logger, box: testSecretBox }, alloc.id, "t-dispatch-2")).toBe("cancelled");
    expect(await stockOf(warehouseId, alloc.id)).toEqual({ onHand: 10, reserved: 0, reservations: ["released"] });
  });

  it("GIVEN a slow create, WHEN the channel cancels the order meanwhile, THEN dispatch stops the order it just created and releases the stock once", async () => {
    const { canonical, alloc, warehouseId, tenant } = await routedOrder("race-cancelled.myshopify.com");
    const { dispatch } = await startSlowDispatch(alloc.id);

    // WHEN orders/cancelled is applied while the create is in flight (its cancel is told to retry)
    const cancelled = await upsertOrder(world.db, { ...canonical, updatedAt: "2026-11-24T09:00:00.000Z", cancelledAt: "2026-11-24T09:00:00.000Z" }, "t-cancelled");
    expect(cancelled).toMatchObject({ cancelled: true });
    await expect(cancelOrderAllocations({ db: world.db, box: testSecretBox }, alloc.orderId, "t-cancel")).rejects.toMatchObject({ code: "DISPATCH_IN_FLIGHT" });

    // THEN the dispatch, on landing, finds the order cancelled and stops it at the warehouse
    expect(await dispatch).toBe("cancelled");
    expect(threePl.world.getOrder(tenant, alloc.clientReference)?.status).toBe("cancelled");
    expect(await stockOf(warehouseId, alloc.id)).toEqual({ onHand: 10, reserved: 0, reservations: ["released"] });
    // AND the retried cancel finds nothing left to do; stock is not released twice
    expect(await cancelOrderAllocations({ db: world.db, box: testSecretBox }, alloc.orderId, "t-cancel-2")).toEqual({ outcome: "cancelled", allocationIds: [] });
    expect(await stockOf(warehouseId, alloc.id)).toEqual({ onHand: 10, reserved: 0, reservations: ["released"] });
  });

  it("GIVEN a cancel the 3PL answers NOT_FOUND just before the slow create lands, WHEN the answer reaches Corridor after dispatch recorded the acceptance, THEN the cancel is retried and the 3PL order ends cancelled (finding 19)", async () => {
    const { alloc, warehouseId, tenant } = await routedOrder("race-stale-404.myshopify.com");
    const { dispatch } = await startSlowDispatch(alloc.id);
    // The cancel reaches the 3PL while the create is still held there (so: NOT_FOUND), and its answer
    // travels back slowly, arriving after the create landed and dispatch committed "accepted".
    threePl.faults.update({ script: [{ fault: { kind: "slow_answer", ms: SLOW_CREATE_MS + 1_000 }, method: "POST", pathPrefix: "/v1/orders/" }] });
    const cancelling = cancelOrderAllocations({ db: world.db, box: testSecretBox }, alloc.orderId, "t-cancel");
    expect(await dispatch).toBe("accepted");
    expect(threePl.world.getOrder(tenant, alloc.clientReference)?.status).toBe("received");

    // THEN the stale NOT_FOUND does not count as "the warehouse never got it": nothing is released yet
    await expect(cancelling).rejects.toMatchObject({ code: "DISPATCH_IN_FLIGHT", retryable: true });
    expect(await stockOf(warehouseId, alloc.id)).toMatchObject({ reserved: 2, reservations: ["held"] });
    // AND the retried cancel stops the order at the 3PL and releases the stock once
    expect(await cancelOrderAllocations({ db: world.db, box: testSecretBox }, alloc.orderId, "t-cancel-2")).toEqual({ outcome: "cancelled", allocationIds: [alloc.id] });
    expect(threePl.world.getOrder(tenant, alloc.clientReference)?.status).toBe("cancelled");
    expect(await stockOf(warehouseId, alloc.id)).toEqual({ onHand: 10, reserved: 0, reservations: ["released"] });
  });
});
