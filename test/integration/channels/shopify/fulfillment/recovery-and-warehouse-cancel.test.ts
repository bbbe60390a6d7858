/**
 * The fulfillment-service flow when things go wrong between systems: Shopify accepted but its
 * answer was lost, and cancellations that must reach a warehouse already holding the order
 * (the sandbox 3PL over HTTP, on a manual clock).
 */
import { testSecretBox } from "../../../../helpers/config";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { allocations, fulfillmentOrders, inventoryLevels, orders, reservations } from "../../../../../app/db/schema";
import { dispatchAllocation } from "../../../../../app/dispatch/dispatch-allocation.server";
import { PartnerError } from "../../../../../app/lib/errors";
import { dispatchJobId } from "../../../../../app/queues/keys";
import { QUEUE } from "../../../../../app/queues/names";
import { HOUR } from "../../../../sandboxes/warehouse/clock";
import { createWarehouse } from "../../../../../app/warehouses/registry";
import { startWarehouseSandbox, type WarehouseSandbox } from "../../../../sandboxes/warehouse/server";
import { seedWarehouse } from "../../../../helpers/seed";
import { startProxiedFlowWorld, type SandboxProxy } from "../tracking/sandbox-proxy";
import { connectShop, US_ADDRESS, type ConnectedShop, type FlowWorld } from "./harness";

let flow: FlowWorld;
let proxy: SandboxProxy;
let closeFlow: () => Promise<void>;
let threePl: WarehouseSandbox;
beforeAll(async () => {
  ({ flow, proxy, close: closeFlow } = await startProxiedFlowWorld());
  threePl = await startWarehouseSandbox({ warehouses: ["US-RNO"], clock: { mode: "manual" }, stock: { "US-RNO": { MUG: 100 } } });
});
afterAll(async () => {
  await threePl?.close();
  await closeFlow?.();
});

const poll = (shop: ConnectedShop) => pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: shop.domain, correlationId: "t" });

describe("recovering from a lost answer", () => {
  it("queues the dispatch on the next poll when Shopify accepted but the answer never came back", async () => {
    // GIVEN a request whose acceptance succeeds at Shopify while Corridor sees a 502
    const shop = await connectShop(flow, "lost-accept.myshopify.com");
    await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const { order, fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 1 }], shippingAddress: US_ADDRESS });
    proxy.loseNextAnswer("CorridorAcceptFulfillmentRequest");
    // WHEN the poll runs: it fails retryably, and nothing was dispatched
    const failed = await poll(shop).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(PartnerError);
    expect((failed as PartnerError).code).toBe("SHOPIFY_OUTCOME_UNKNOWN");
    expect(flow.sandbox.shop(shop.domain).fulfillmentOrders.get(fulfillmentOrder.id)).toMatchObject({ requestStatus: "ACCEPTED" });
    const [stored] = await flow.world.db.select().from(orders).where(and(eq(orders.shopId, shop.shopId), eq(orders.externalId, String(order.id))));
    const [alloc] = await flow.world.db.select().from(allocations).where(eq(allocations.orderId, stored!.id));
    expect(await flow.queues.get(QUEUE.dispatch).getJob(dispatchJobId(alloc!.id))).toBeUndefined();
    // WHEN the retry polls again (Shopify no longer lists the request)
    const summary = await poll(shop);
    // THEN it re-reads the fulfillment order, records it accepted, and queues the one dispatch
    expect(summary).toMatch(/^0 requested.*1 dispatches resumed$/);
    const [foRow] = await flow.world.db.select().from(fulfillmentOrders).where(eq(fulfillmentOrders.orderId, stored!.id));
    expect(foRow!.requestStatus).toBe("ACCEPTED");
    expect(await flow.queues.get(QUEUE.dispatch).getJob(dispatchJobId(alloc!.id))).toBeDefined();
    expect(await flow.world.db.select().from(allocations).where(eq(allocations.orderId, stored!.id))).toHaveLength(1);
  });
});

describe("cancellations that reach the warehouse", () => {
  async function dispatchedOrder(domain: string) {
    const shop = await connectShop(flow, domain);
    const tenant = threePl.tenants[0]!;
    const wh = await seedWarehouse(flow.world.db, shop.shopId, {
      code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"],
      connectorConfig: { baseUrl: threePl.url, apiKey: tenant.apiKey, webhookSecret: tenant.webhookSecret, partnerLocationId: "US-RNO" },
    });
    const placed = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 2 }], shippingAddress: US_ADDRESS });
    await poll(shop);
    const [stored] = await flow.world.db.select().from(orders).where(and(eq(orders.shopId, shop.shopId), eq(orders.externalId, String(placed.order.id))));
    const [alloc] = await flow.world.db.select().from(allocations).where(eq(allocations.orderId, stored!.id));
    expect(await dispatchAllocation({ db: flow.world.db, logger: flow.ctx.logger, box: testSecretBox }, alloc!.id, "t")).toBe("accepted");
    return { shop, wh, placed, alloc: alloc! };
  }
  const level = async (warehouseId: number) => (await flow.world.db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.sku, "MUG"))))[0]!;

  it("cancels a picked order at the warehouse, releases the stock and accepts the cancellation", async () => {
    // GIVEN an order the warehouse accepted and picked, and the merchant's cancellation request
    const { shop, wh, placed, alloc } = await dispatchedOrder("wh-cancel.myshopify.com");
    threePl.advance(2 * HOUR);
    await flow.sandbox.merchant.submitCancellationRequest(flow.sandbox.shop(shop.domain), placed.fulfillmentOrder);
    // WHEN the poll runs
    await poll(shop);
    // THEN the warehouse order is cancelled, Corridor's hold released, and Shopify told yes
    expect(flow.sandbox.shop(shop.domain).fulfillmentOrders.get(placed.fulfillmentOrder.id)).toMatchObject({ requestStatus: "CANCELLATION_ACCEPTED" });
    const tenant = threePl.tenants[0]!;
    const reno = createWarehouse("sandbox", { baseUrl: threePl.url, apiKey: tenant.apiKey, webhookSecret: tenant.webhookSecret, partnerLocationId: "US-RNO" });
    expect(await reno.fetchOrder({ clientReference: alloc.clientReference })).toMatchObject({ stage: "cancelled" });
    expect(await flow.world.db.select().from(allocations).where(eq(allocations.id, alloc.id))).toMatchObject([{ status: "cancelled" }]);
    expect(await flow.world.db.select().from(reservations).where(eq(reservations.allocationId, alloc.id))).toMatchObject([{ status: "released" }]);
    expect(await level(wh.id)).toMatchObject({ reserved: 0 });
  });

  it("rejects the cancellation when the warehouse answers too late, before Corridor heard it shipped", async () => {
    // GIVEN an order the warehouse has already shipped (its webhook not yet processed by Corridor)
    const { shop, wh, placed, alloc } = await dispatchedOrder("wh-too-late.myshopify.com");
    threePl.advance(4 * HOUR);
    await flow.sandbox.merchant.submitCancellationRequest(flow.sandbox.shop(shop.domain), placed.fulfillmentOrder);
    // WHEN the poll runs
    await poll(shop);
    // THEN Shopify is told no, with the merchant's way out; the allocation and its hold are untouched
    const fo = flow.sandbox.shop(shop.domain).fulfillmentOrders.get(placed.fulfillmentOrder.id)!;
    expect(fo.requestStatus).toBe("CANCELLATION_REJECTED");
    expect(fo.responses.at(-1)!.message).toMatch(/^Order #\d+ has already left the warehouse \(Warehouse US-RNO: .+\), so Corridor can no longer cancel it\. Ask the customer to refuse the delivery or start a return\.$/);
    expect(await flow.world.db.select().from(allocations).where(eq(allocations.id, alloc.id))).toMatchObject([{ status: "accepted" }]);
    expect(await level(wh.id)).toMatchObject({ reserved: 2 });
  });
});
