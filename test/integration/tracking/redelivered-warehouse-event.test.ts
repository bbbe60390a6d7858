/**
 * A warehouse push applied twice (the inbox job retried because queueing its storefront push failed
 * after the commit: Redis restarting) must queue that push again while the storefront does not have
 * it yet — and never once it does. The push job names dedupe it, so asking twice is safe; not asking
 * is how a shipped parcel ended without tracking on the storefront (docs/RELIABILITY.md, finding 8).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocations, trackingEvents } from "../../../app/db/schema";
import { applyWarehouseEvent } from "../../../app/tracking/apply-warehouse-event.server";
import { CARRIERS, trackingUrl } from "../../../app/warehouses/carriers";
import type { Shipment, WarehouseEvent } from "../../../app/warehouses/warehouse";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../../helpers/seed";

const SHOP = "redelivery.myshopify.com";
const NUMBER = "9400111899223344550001";
let world: IsolatedWorld;
let shopId: number;
let allocationId: number;

const shipment: Shipment = {
  partnerShipmentId: "shp-1",
  stage: "shipped",
  carrier: { code: "usps", name: CARRIERS.usps.name, shopifyCompany: CARRIERS.usps.shopifyCompany },
  trackingNumber: NUMBER,
  trackingUrl: trackingUrl("usps", NUMBER),
  shippedAt: "2026-11-20T10:00:00Z",
  lines: [],
  events: [],
};
const inTransit: WarehouseEvent = {
  kind: "shipment.tracking",
  clientReference: "rd-1",
  partnerOrderId: "po-rd-1",
  shipment,
  event: { eventId: "ev-1", status: "in_transit", happenedAt: "2026-11-21T10:00:00Z" },
};
const apply = (event: WarehouseEvent) => world.db.transaction((tx) => applyWarehouseEvent(tx, shopId, "sandbox", event));

beforeAll(async () => {
  world = await isolatedWorld();
  shopId = (await seedShop(world.db, SHOP)).id;
  const warehouse = await seedWarehouse(world.db, shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
  const { orderId } = await seedOrder(world.db, canonicalOrder(SHOP, [{ sku: "MUG", quantity: 1 }]));
  const [row] = await world.db
    .insert(allocations)
    .values({ orderId, warehouseId: warehouse.id, clientReference: "rd-1", status: "accepted", mode: "ground", expectedCost: 500, costCurrency: "USD" })
    .returning();
  allocationId = row!.id;
});

afterAll(async () => {
  await world?.cleanup();
});

describe("a warehouse push applied again", () => {
  it("GIVEN a shipment applied once WHEN the same push is applied again before the storefront has it THEN its shipment and event pushes are asked for again", async () => {
    const first = await apply(inTransit);
    expect(first.pushes.map((p) => p.kind)).toEqual(["shipment", "event"]);

    const again = await apply(inTransit);
    expect(again.note).toBe("duplicate tracking event");
    expect(again.pushes).toEqual(first.pushes);
  });

  it("GIVEN the storefront has the shipment and the event WHEN the push is applied again THEN nothing is queued", async () => {
    await world.db.update(allocations).set({ channelFulfillmentId: "gid://shopify/Fulfillment/1" }).where(eq(allocations.id, allocationId));
    await world.db.update(trackingEvents).set({ pushedAt: new Date() }).where(eq(trackingEvents.allocationId, allocationId));
    expect((await apply(inTransit)).pushes).toEqual([]);
  });

  it("GIVEN another shop WHEN a partner pushes this shop's reference under that shop THEN nothing of this shop's allocation changes and nothing is queued", async () => {
    const other = (await seedShop(world.db, "other-redelivery.myshopify.com")).id;
    const [before] = await world.db.select().from(allocations).where(eq(allocations.id, allocationId));
    const delivered: WarehouseEvent = { ...inTransit, event: { eventId: "ev-foreign", status: "delivered", happenedAt: "2026-11-22T10:00:00Z" } };
    const result = await world.db.transaction((tx) => applyWarehouseEvent(tx, other, "sandbox", delivered));
    expect(result).toEqual({ pushes: [], note: "no allocation rd-1 of this shop" });
    const [after] = await world.db.select().from(allocations).where(eq(allocations.id, allocationId));
    expect(after).toEqual(before);
    expect(await world.db.select().from(trackingEvents).where(eq(trackingEvents.eventKey, "ev-foreign"))).toEqual([]);
  });
});
