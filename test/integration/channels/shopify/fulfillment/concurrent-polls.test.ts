/**
 * Polls of one shop that overlap (the chaos run's finding 2): two workers read the same SUBMITTED
 * fulfillment order. One answer reaches Shopify, and when Shopify refuses a late answer, nothing
 * stays reserved for a request Shopify does not consider Corridor's.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFulfillmentRequest } from "../../../../../app/channels/shopify/fulfillment/answer-fulfillment-request.server";
import { answerOneAtATime, databaseNow } from "../../../../../app/channels/shopify/fulfillment/answer-one-at-a-time.server";
import { assignedFulfillmentOrders, pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { shopAdmin, type ShopAdmin } from "../../../../../app/channels/shopify/fulfillment/shop-admin.server";
import { gidNumber } from "../../../../../app/channels/shopify/normalize-order";
import { allocations, exceptions, fulfillmentOrders, inventoryLevels, orders } from "../../../../../app/db/schema";
import { seedWarehouse } from "../../../../helpers/seed";
import { connectShop, startFlowWorld, US_ADDRESS, type ConnectedShop, type FlowWorld } from "./harness";

let flow: FlowWorld;
beforeAll(async () => {
  flow = await startFlowWorld();
});
afterAll(async () => flow?.close());

const poll = (shop: ConnectedShop, correlationId: string) => pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: shop.domain, correlationId });
const sandboxFo = (shop: ConnectedShop, id: bigint) => flow.sandbox.shop(shop.domain).fulfillmentOrders.get(id)!;
const openExceptions = (shop: ConnectedShop) => flow.world.db.select().from(exceptions).where(and(eq(exceptions.shopDomain, shop.domain), eq(exceptions.status, "open")));
const reservedUnits = async (warehouseId: number, sku: string) =>
  (await flow.world.db.select({ reserved: inventoryLevels.reserved }).from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.sku, sku))))[0]!.reserved;
async function adminOf(shop: ConnectedShop): Promise<ShopAdmin> {
  const lookup = await shopAdmin(flow.ctx, shop.domain);
  if (!lookup.ok) throw new Error(lookup.reason);
  return lookup.admin;
}
async function orderOf(shop: ConnectedShop, orderId: bigint) {
  const [row] = await flow.world.db.select().from(orders).where(and(eq(orders.shopId, shop.shopId), eq(orders.externalId, gidNumber(`gid://shopify/Order/${orderId}`))));
  return row!;
}

/** A request Corridor rejected for want of stock, then stock arrived: the state the late poll meets. */
async function rejectedThenRestocked(domain: string) {
  const shop = await connectShop(flow, domain);
  const wh = await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { LAMP: 0 }, destinations: ["US"] });
  const placed = await shop.requestFulfillment({ lines: [{ sku: "LAMP", quantity: 2 }], shippingAddress: US_ADDRESS });
  const admin = await adminOf(shop);
  // The late poll's listing, read while the request was still SUBMITTED
  const listedAt = await databaseNow(flow.world.db);
  const [stale] = await assignedFulfillmentOrders(admin, "FULFILLMENT_REQUESTED");
  // The winning poll rejects it (no stock), then the warehouse receives stock
  await poll(shop, "winner");
  expect(sandboxFo(shop, placed.fulfillmentOrder.id)).toMatchObject({ requestStatus: "REJECTED" });
  await flow.world.db.update(inventoryLevels).set({ onHand: 10 }).where(and(eq(inventoryLevels.warehouseId, wh.id), eq(inventoryLevels.sku, "LAMP")));
  return { shop, wh, placed, admin, stale: stale!, listedAt };
}

describe("two polls of one shop at once", () => {
  it("answers a fulfillment request once: one acceptance at Shopify, one allocation, no refused answer", async () => {
    // GIVEN one SUBMITTED request and stock for it
    const shop = await connectShop(flow, "two-polls.myshopify.com");
    const wh = await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const { order, fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 2 }], shippingAddress: US_ADDRESS });
    // WHEN two polls (two coalescing windows, two workers) run at the same time
    const summaries = await Promise.all([poll(shop, "window-1"), poll(shop, "window-2")]);
    // THEN Shopify received exactly one answer, an acceptance, and no poll failed
    expect(sandboxFo(shop, fulfillmentOrder.id).responses.map((r) => r.action)).toEqual(["accept_fulfillment"]);
    for (const s of summaries) expect(s).toMatch(/0 failed/);
    expect(await openExceptions(shop)).toEqual([]);
    // AND one allocation holds the two units
    const stored = await orderOf(shop, order.id);
    expect(await flow.world.db.select().from(allocations).where(eq(allocations.orderId, stored.id))).toHaveLength(1);
    expect(await reservedUnits(wh.id, "MUG")).toBe(2);
  });
});

describe("a poll whose listing went stale", () => {
  it("leaves a request another poll answered after the listing was read", async () => {
    // GIVEN a late poll listed the request before the winner rejected it, and stock came back since
    const { shop, wh, placed, admin, stale, listedAt } = await rejectedThenRestocked("stale-listing.myshopify.com");
    // WHEN the late poll gets to that fulfillment order
    const done = await answerOneAtATime(flow.world.db, { shopId: admin.shopId, id: stale.id, requestStatus: stale.requestStatus, listedAt }, () => answerFulfillmentRequest(flow.ctx, admin, stale, "late"));
    // THEN it does nothing: no second answer, no routing, nothing reserved
    expect(done).toMatchObject({ ran: false });
    expect(sandboxFo(shop, placed.fulfillmentOrder.id).responses).toHaveLength(1);
    expect(await reservedUnits(wh.id, "LAMP")).toBe(0);
    const [row] = await flow.world.db.select().from(fulfillmentOrders).where(eq(fulfillmentOrders.externalId, stale.id));
    expect(row!.requestStatus).toBe("REJECTED");
  });

  it("releases the stock it reserved when Shopify refuses its acceptance of a request already rejected", async () => {
    // GIVEN the same stale listing, but Corridor never stored the winner's rejection (a crash right after answering)
    const { shop, wh, placed, admin, stale } = await rejectedThenRestocked("refused-accept.myshopify.com");
    await flow.world.db.update(fulfillmentOrders).set({ status: "OPEN", requestStatus: "SUBMITTED" }).where(eq(fulfillmentOrders.externalId, stale.id));
    // WHEN the late answer routes (stock is back), reserves, and tries to accept
    const answer = await answerFulfillmentRequest(flow.ctx, admin, stale, "late");
    // THEN Shopify keeps its rejection, and Corridor holds nothing for the order
    expect(answer).toBe("skipped");
    expect(sandboxFo(shop, placed.fulfillmentOrder.id)).toMatchObject({ requestStatus: "REJECTED" });
    expect(await reservedUnits(wh.id, "LAMP")).toBe(0);
    const stored = await orderOf(shop, placed.order.id);
    const held = await flow.world.db.select().from(allocations).where(eq(allocations.orderId, stored.id));
    expect(held.map((a) => a.status)).toEqual(["cancelled"]);
    expect(stored.stage).toBe("received");
    // AND Corridor's row says what Shopify says
    const [row] = await flow.world.db.select().from(fulfillmentOrders).where(eq(fulfillmentOrders.externalId, stale.id));
    expect(row!.requestStatus).toBe("REJECTED");
  });
});
