/**
 * The chaos run's finding 7: parcels shipped and delivered at the 3PL, yet Shopify showed no
 * fulfillment with their tracking, because the shipment push gave up with
 * FULFILLMENT_LINES_UNAVAILABLE. A fulfillment Shopify already made for the parcel is adopted, and
 * the fulfillment orders Corridor may fulfil are Shopify's live answer, not a stored row that lags.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { pushShipmentToShopify, pushTrackingEventToShopify } from "../../../../../app/channels/shopify/tracking";
import { allocations, fulfillmentOrders, orders, trackingEvents } from "../../../../../app/db/schema";
import { CorridorError, PartnerError } from "../../../../../app/lib/errors";
import { seedWarehouse } from "../../../../helpers/seed";
import { connectShop, US_ADDRESS, type FlowWorld } from "../fulfillment/harness";
import { startProxiedFlowWorld, type SandboxProxy } from "./sandbox-proxy";

let flow: FlowWorld;
let proxy: SandboxProxy;
let closeFlow: () => Promise<void>;
beforeAll(async () => {
  ({ flow, proxy, close: closeFlow } = await startProxiedFlowWorld());
});
afterAll(async () => {
  await closeFlow?.();
});

const LINE_HAUL = "LX962218047GB";
const LOCAL = "9400111899223197428490";

async function shippedOrder(domain: string) {
  const shop = await connectShop(flow, domain);
  await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
  const placed = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 2 }], shippingAddress: US_ADDRESS });
  await pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: domain, correlationId: "t" });
  const [order] = await flow.world.db.select().from(orders).where(and(eq(orders.shopId, shop.shopId), eq(orders.externalId, String(placed.order.id))));
  const [alloc] = await flow.world.db.select().from(allocations).where(eq(allocations.orderId, order!.id));
  await flow.world.db.update(allocations).set({ status: "shipped", carrier: "royal-mail", trackingNumber: LINE_HAUL, shippedAt: new Date() }).where(eq(allocations.id, alloc!.id));
  const fulfillments = () => [...flow.sandbox.shop(domain).fulfillments.values()].filter((f) => f.orderId === placed.order.id);
  return { shop, placed, order: order!, allocationId: alloc!.id, fulfillments };
}

const addEvent = async (allocationId: number, status: string, sequence: number, happenedAt: string, trackingNumber: string) =>
  (await flow.world.db.insert(trackingEvents).values({ allocationId, eventKey: `${status}-${happenedAt}`, status, sequence, happenedAt: new Date(happenedAt), trackingNumber }).returning())[0]!;

describe("a shipment whose fulfillment Shopify made while Corridor never heard", () => {
  it("adopts it after a carrier handover changed the number, keeps one fulfillment, and pushes later events to it", async () => {
    // GIVEN fulfillmentCreate lands at Shopify but its answer is lost (SHOPIFY_OUTCOME_UNKNOWN)
    const { allocationId, fulfillments } = await shippedOrder("lost-then-handover.myshopify.com");
    await addEvent(allocationId, "carrier_picked_up", 30, "2026-11-25T08:00:00.000Z", LINE_HAUL);
    proxy.loseNextAnswer("CorridorFulfillmentCreate");
    const lost = await pushShipmentToShopify(flow.ctx, allocationId).catch((e: unknown) => e);
    expect((lost as PartnerError).code).toBe("SHOPIFY_OUTCOME_UNKNOWN");
    // AND before the retry the parcel is handed to a local carrier with a new number
    await flow.world.db.update(allocations).set({ carrier: "usps", trackingNumber: LOCAL }).where(eq(allocations.id, allocationId));
    // WHEN the push retries
    const retried = await pushShipmentToShopify(flow.ctx, allocationId);
    // THEN Shopify holds exactly one fulfillment, Corridor records it, and it now carries the current number
    const made = fulfillments();
    expect(made).toHaveLength(1);
    expect(retried).toMatch(new RegExp(`^adopted gid://shopify/Fulfillment/${made[0]!.id}`));
    const [stored] = await flow.world.db.select().from(allocations).where(eq(allocations.id, allocationId));
    expect(stored!.channelFulfillmentId).toBe(`gid://shopify/Fulfillment/${made[0]!.id}`);
    expect(made[0]!.trackingInfo.map((t) => t.number)).toEqual([LOCAL]);
    // AND the tracking events that follow reach that fulfillment
    const delivered = await addEvent(allocationId, "delivered", 100, "2026-11-27T15:00:00.000Z", LOCAL);
    expect(await pushTrackingEventToShopify(flow.ctx, delivered.id)).toBe("pushed DELIVERED");
    expect(made[0]!.events.map((e) => e.status)).toEqual(["DELIVERED"]);
    expect(fulfillments()).toHaveLength(1);
  });
});

describe("a stored fulfillment-order row that lags Shopify", () => {
  it("fulfils from Shopify's live state when Corridor's row still says SUBMITTED, and corrects the row", async () => {
    // GIVEN Shopify accepted the request, but Corridor's row was left SUBMITTED (a stale poll overwrote it)
    const { order, allocationId, fulfillments } = await shippedOrder("stale-row.myshopify.com");
    await flow.world.db.update(fulfillmentOrders).set({ status: "OPEN", requestStatus: "SUBMITTED" }).where(eq(fulfillmentOrders.orderId, order.id));
    // WHEN the shipment is pushed
    const note = await pushShipmentToShopify(flow.ctx, allocationId);
    // THEN Shopify gets the fulfillment with the tracking, and the row says ACCEPTED again
    expect(note).toMatch(/^created /);
    expect(fulfillments().map((f) => f.trackingInfo.map((t) => t.number))).toEqual([[LINE_HAUL]]);
    const [row] = await flow.world.db.select().from(fulfillmentOrders).where(eq(fulfillmentOrders.orderId, order.id));
    expect(row!.requestStatus).toBe("ACCEPTED");
  });

  it("is an exception saying why only when nothing is open and no fulfillment carries the parcel's number", async () => {
    // GIVEN the lines were fulfilled on Shopify under another number (the merchant fulfilled by hand)
    const { allocationId } = await shippedOrder("really-gone.myshopify.com");
    await flow.world.db.update(allocations).set({ trackingNumber: LOCAL }).where(eq(allocations.id, allocationId));
    await pushShipmentToShopify(flow.ctx, allocationId);
    await flow.world.db.update(allocations).set({ trackingNumber: "OTHER123", channelFulfillmentId: null }).where(eq(allocations.id, allocationId));
    // WHEN the push runs; THEN it fails permanently, naming the number it looked for
    const failed = await pushShipmentToShopify(flow.ctx, allocationId).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(CorridorError);
    expect((failed as CorridorError).code).toBe("FULFILLMENT_LINES_UNAVAILABLE");
    expect((failed as CorridorError).message).toMatch(/none of order .+'s fulfillments carries tracking OTHER123/);
  });
});
