/**
 * Finding 23 of the chaos runs: a fulfillment request was rejected ("Corridor cannot fulfil order …")
 * although nothing was wrong with the order: routing had answered "skipped" (another step on the same
 * order got there first) and the answer read that as unfulfillable. A rejection cannot be taken back,
 * so now only a cancelled order is rejected that way; any other skip leaves the request open and the
 * answer is retried. Routing's answer is forced here (the race is a matter of milliseconds); Postgres,
 * Redis and the Shopify sandbox are real.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureShopifyOrder } from "../../../../../app/channels/shopify/fulfillment/ensure-order.server";
import { pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { allocations, orders } from "../../../../../app/db/schema";
import { routeAndReserve } from "../../../../../app/routing/route-and-reserve.server";
import { seedWarehouse } from "../../../../helpers/seed";
import { connectShop, startFlowWorld, US_ADDRESS, type ConnectedShop, type FlowWorld } from "./harness";

vi.mock("../../../../../app/routing/route-and-reserve.server", async (original) => {
  const real = await original<typeof import("../../../../../app/routing/route-and-reserve.server")>();
  return { ...real, routeAndReserve: vi.fn(real.routeAndReserve) };
});

let flow: FlowWorld;
beforeAll(async () => {
  flow = await startFlowWorld();
});
afterAll(async () => flow?.close());

const poll = (shop: ConnectedShop) => pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: shop.domain, correlationId: "t" });
const sandboxFo = (shop: ConnectedShop, id: bigint) => flow.sandbox.shop(shop.domain).fulfillmentOrders.get(id)!;

async function requested(domain: string) {
  const shop = await connectShop(flow, domain);
  await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
  const placed = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 1 }], shippingAddress: US_ADDRESS });
  return { shop, ...placed };
}

describe("a fulfillment request whose routing was skipped", () => {
  it("stays open and is accepted on the next attempt when the order was not cancelled", async () => {
    // GIVEN a requested order, and routing that answers "superseded" on every attempt of this poll
    const { shop, order, fulfillmentOrder } = await requested("skipped-not-rejected.myshopify.com");
    vi.mocked(routeAndReserve).mockResolvedValueOnce({ kind: "skipped", reason: "revision 1 superseded by 2" });
    vi.mocked(routeAndReserve).mockResolvedValueOnce({ kind: "skipped", reason: "revision 2 superseded by 3" });
    vi.mocked(routeAndReserve).mockResolvedValueOnce({ kind: "skipped", reason: "revision 3 superseded by 4" });
    // WHEN the poll answers it
    // THEN the poll fails for a retry, naming what routing said, and Shopify's request is not rejected
    await expect(poll(shop)).rejects.toThrow(/superseded.*answered again/);
    expect(sandboxFo(shop, fulfillmentOrder.id)).toMatchObject({ requestStatus: "SUBMITTED" });
    expect(sandboxFo(shop, fulfillmentOrder.id).responses).toEqual([]);
    // WHEN the retried poll finds routing free to decide
    expect(await poll(shop)).toMatch(/1 requested \(1 accepted, 0 rejected\)/);
    // THEN the order is accepted and holds its unit
    expect(sandboxFo(shop, fulfillmentOrder.id)).toMatchObject({ requestStatus: "ACCEPTED" });
    const [stored] = await flow.world.db.select().from(orders).where(and(eq(orders.shopId, shop.shopId), eq(orders.externalId, String(order.id))));
    expect(await flow.world.db.select().from(allocations).where(eq(allocations.orderId, stored!.id))).toMatchObject([{ status: "reserved" }]);
  });

  it("is rejected, saying so, when the order was cancelled", async () => {
    // GIVEN a requested order Corridor already holds as cancelled (its orders/cancelled arrived first)
    const { shop, order, fulfillmentOrder } = await requested("skipped-cancelled.myshopify.com");
    const { orderId } = await ensureShopifyOrder(flow.world.db, shop.client, { id: shop.shopId, domain: shop.domain }, `gid://shopify/Order/${order.id}`, "t");
    await flow.world.db.update(orders).set({ stage: "cancelled", cancelledAt: new Date() }).where(eq(orders.id, orderId));
    // WHEN the poll answers it (routing, unforced, skips a cancelled order)
    expect(await poll(shop)).toMatch(/1 requested \(0 accepted, 1 rejected\)/);
    // THEN Shopify hears why, and nothing is held
    expect(sandboxFo(shop, fulfillmentOrder.id)).toMatchObject({ requestStatus: "REJECTED" });
    expect(sandboxFo(shop, fulfillmentOrder.id).responses).toMatchObject([{ action: "reject_fulfillment", reason: "OTHER", message: `Corridor cannot fulfil order ${order.name}: it was cancelled.` }]);
    expect(await flow.world.db.select().from(allocations).where(eq(allocations.orderId, orderId))).toEqual([]);
  });
});
