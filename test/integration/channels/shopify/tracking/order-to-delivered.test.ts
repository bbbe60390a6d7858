/**
 * End to end with both sandboxes: a Shopify order → routed and accepted → dispatched to the sandbox
 * 3PL → shipped there → the Shopify sandbox holds a fulfillment with the 3PL's tracking number and
 * URL → the carrier's DELIVERED becomes a fulfillment event. Between the 3PL and Corridor, this
 * test records the shipment and events the way the warehouse-event step does (app/tracking), read
 * from the 3PL through the real connector, so the carrier codes and URLs are the 3PL's own.
 */
import { testSecretBox } from "../../../../helpers/config";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { pushShipmentToShopify, pushTrackingEventToShopify } from "../../../../../app/channels/shopify/tracking";
import { allocations, orders, trackingEvents } from "../../../../../app/db/schema";
import { dispatchAllocation } from "../../../../../app/dispatch/dispatch-allocation.server";
import { createWarehouse } from "../../../../../app/warehouses/registry";
import { TRACKING_RANK } from "../../../../../app/warehouses/warehouse";
import { DAY } from "../../../../sandboxes/warehouse/clock";
import { startWarehouseSandbox, type WarehouseSandbox } from "../../../../sandboxes/warehouse/server";
import { seedWarehouse } from "../../../../helpers/seed";
import { connectShop, US_ADDRESS, type FlowWorld } from "../fulfillment/harness";
import { startProxiedFlowWorld } from "./sandbox-proxy";

let flow: FlowWorld;
let closeFlow: () => Promise<void>;
let threePl: WarehouseSandbox;
beforeAll(async () => {
  ({ flow, close: closeFlow } = await startProxiedFlowWorld());
  threePl = await startWarehouseSandbox({ warehouses: ["US-RNO"], clock: { mode: "manual" }, stock: { "US-RNO": { MUG: 100 } } });
});
afterAll(async () => {
  await threePl?.close();
  await closeFlow?.();
});

describe("a Shopify order from request to delivery", () => {
  it("ends with one fulfillment carrying the 3PL's tracking and a DELIVERED event", async () => {
    // GIVEN a shop whose Reno warehouse is the sandbox 3PL, and a merchant's fulfillment request
    const shop = await connectShop(flow, "e2e.myshopify.com");
    const tenant = threePl.tenants[0]!;
    const connectorConfig = { baseUrl: threePl.url, apiKey: tenant.apiKey, webhookSecret: tenant.webhookSecret, partnerLocationId: "US-RNO" };
    await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"], connectorConfig });
    const { order, fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 1 }], shippingAddress: US_ADDRESS });

    // WHEN Corridor answers, dispatches, and the 3PL ships and delivers over the next days
    await pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: shop.domain, correlationId: "e2e" });
    const [stored] = await flow.world.db.select().from(orders).where(and(eq(orders.shopId, shop.shopId), eq(orders.externalId, String(order.id))));
    const [alloc] = await flow.world.db.select().from(allocations).where(eq(allocations.orderId, stored!.id));
    expect(await dispatchAllocation({ db: flow.world.db, logger: flow.ctx.logger, box: testSecretBox }, alloc!.id, "e2e")).toBe("accepted");
    threePl.advance(10 * DAY);
    const [shipment] = await createWarehouse("sandbox", connectorConfig).fetchShipments({ clientReference: alloc!.clientReference });
    expect(shipment).toBeDefined();
    await flow.world.db
      .update(allocations)
      .set({ status: "shipped", carrier: shipment!.carrier!.code, trackingNumber: shipment!.trackingNumber!, trackingUrl: shipment!.trackingUrl ?? null, shippedAt: new Date(shipment!.shippedAt!) })
      .where(eq(allocations.id, alloc!.id));
    await pushShipmentToShopify(flow.ctx, alloc!.id);
    const delivered = shipment!.events.find((e) => e.status === "delivered")!;
    const [row] = await flow.world.db
      .insert(trackingEvents)
      .values({ allocationId: alloc!.id, eventKey: delivered.eventId, status: delivered.status, sequence: TRACKING_RANK.delivered, happenedAt: new Date(delivered.happenedAt) })
      .returning();
    await pushTrackingEventToShopify(flow.ctx, row!.id);

    // THEN Shopify holds exactly one fulfillment for the order with the 3PL's number, Shopify's
    // spelling of its carrier and its URL, and the parcel shows as delivered
    expect(flow.sandbox.shop(shop.domain).fulfillmentOrders.get(fulfillmentOrder.id)).toMatchObject({ status: "CLOSED" });
    const made = [...flow.sandbox.shop(shop.domain).fulfillments.values()].filter((f) => f.orderId === order.id);
    expect(made).toHaveLength(1);
    expect(made[0]!.trackingInfo).toEqual([{ company: shipment!.carrier!.shopifyCompany, number: shipment!.trackingNumber, url: shipment!.trackingUrl }]);
    expect(made[0]!.trackingInfo[0]!.company).toBe("USPS");
    expect(made[0]!.events.map((e) => e.status)).toEqual(["DELIVERED"]);
    expect(made[0]!.displayStatus).toBe("DELIVERED");
  });
});
