/**
 * Shipments and tracking back to Shopify, against the sandbox with real Postgres and Redis: the
 * order goes through the real fulfillment-request poll first, then the warehouse "ships" it.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { gidNumber } from "../../../../../app/channels/shopify/normalize-order";
import { pushShipmentToShopify, pushTrackingEventToShopify, updateTrackingOnShopify } from "../../../../../app/channels/shopify/tracking";
import { allocations, orders, trackingEvents } from "../../../../../app/db/schema";
import { PartnerError } from "../../../../../app/lib/errors";
import { QUEUE } from "../../../../../app/queues/names";
import { PROCESSORS, startWorkers } from "../../../../../app/queues/run-workers.server";
import { seedWarehouse } from "../../../../helpers/seed";
import { connectShop, US_ADDRESS, type ConnectedShop, type FlowWorld } from "../fulfillment/harness";
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

const USPS_NUMBER = "9400111899223197428490";

/** A connected shop whose order Corridor accepted, with the allocations the routing made. */
async function acceptedOrder(domain: string, opts: { lines?: { sku: string; quantity: number }[]; notifyCustomer?: boolean; settings?: Record<string, unknown>; warehouses?: Array<{ code: string; stock: Record<string, number> }> } = {}) {
  const shop = await connectShop(flow, domain, opts.settings);
  for (const w of opts.warehouses ?? [{ code: "US-RNO", stock: { MUG: 5 } }]) await seedWarehouse(flow.world.db, shop.shopId, { code: w.code, country: "US", stock: w.stock, destinations: ["US"] });
  const placed = await shop.requestFulfillment({ lines: opts.lines ?? [{ sku: "MUG", quantity: 2 }], shippingAddress: US_ADDRESS }, { notifyCustomer: opts.notifyCustomer });
  await pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: domain, correlationId: "t" });
  const [order] = await flow.world.db.select().from(orders).where(and(eq(orders.shopId, shop.shopId), eq(orders.externalId, String(placed.order.id))));
  const allocs = await flow.world.db.select().from(allocations).where(eq(allocations.orderId, order!.id)).orderBy(allocations.id);
  return { shop, placed, order: order!, allocs };
}

/** What the warehouse webhook would have recorded when the parcel left. */
const ship = (allocationId: number, carrier: string, trackingNumber: string, trackingUrl: string | null = null) =>
  flow.world.db.update(allocations).set({ status: "shipped", carrier, trackingNumber, trackingUrl, shippedAt: new Date() }).where(eq(allocations.id, allocationId));

const fulfillmentsOf = (shop: ConnectedShop, orderId: bigint) => [...flow.sandbox.shop(shop.domain).fulfillments.values()].filter((f) => f.orderId === orderId);

describe("pushShipmentToShopify", () => {
  it("creates exactly one fulfillment with Shopify's company name, the number and the URL, even when called twice", async () => {
    // GIVEN an accepted order its warehouse shipped with USPS
    const { shop, placed, allocs } = await acceptedOrder("ship-once.myshopify.com");
    await ship(allocs[0]!.id, "usps", USPS_NUMBER);
    // WHEN the shipment is pushed twice
    const first = await pushShipmentToShopify(flow.ctx, allocs[0]!.id);
    const second = await pushShipmentToShopify(flow.ctx, allocs[0]!.id);
    // THEN Shopify holds one fulfillment for both units, tracked as "USPS" with the USPS link, customer notified
    const made = fulfillmentsOf(shop, placed.order.id);
    expect(made).toHaveLength(1);
    expect(made[0]!.trackingInfo).toEqual([{ company: "USPS", number: USPS_NUMBER, url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=${USPS_NUMBER}` }]);
    expect(made[0]!.lines).toEqual([{ fulfillmentOrderLineId: placed.fulfillmentOrder.lineItems[0]!.id, quantity: 2 }]);
    expect(made[0]!.notifyCustomerCount).toBe(1);
    expect(made[0]!.originCountryCode).toBe("US");
    expect(first).toBe(`created gid://shopify/Fulfillment/${made[0]!.id}`);
    expect(second).toBe("already on Shopify");
    const [stored] = await flow.world.db.select().from(allocations).where(eq(allocations.id, allocs[0]!.id));
    expect(stored!.channelFulfillmentId).toBe(`gid://shopify/Fulfillment/${made[0]!.id}`);
  });

  it("adopts the fulfillment Shopify made when the answer was lost, instead of creating a second one", async () => {
    // GIVEN a shipped allocation, and a fulfillmentCreate that succeeds at Shopify but whose answer is lost
    const { shop, placed, allocs } = await acceptedOrder("ship-crash.myshopify.com");
    await ship(allocs[0]!.id, "usps", USPS_NUMBER);
    proxy.loseNextAnswer("CorridorFulfillmentCreate");
    // WHEN the push fails with an unknown outcome, and the job retries
    const lost = await pushShipmentToShopify(flow.ctx, allocs[0]!.id).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(PartnerError);
    expect((lost as PartnerError).code).toBe("SHOPIFY_OUTCOME_UNKNOWN");
    expect(fulfillmentsOf(shop, placed.order.id)).toHaveLength(1);
    const retried = await pushShipmentToShopify(flow.ctx, allocs[0]!.id);
    // THEN still one fulfillment, now recorded against the allocation
    const made = fulfillmentsOf(shop, placed.order.id);
    expect(made).toHaveLength(1);
    expect(retried).toBe(`adopted gid://shopify/Fulfillment/${made[0]!.id}`);
    const [stored] = await flow.world.db.select().from(allocations).where(eq(allocations.id, allocs[0]!.id));
    expect(stored!.channelFulfillmentId).toBe(`gid://shopify/Fulfillment/${made[0]!.id}`);
  });

  it("sends only the URL for a carrier Shopify does not list, and respects notify_customer: false", async () => {
    // GIVEN the merchant asked not to notify, and the parcel went with Vietnam Post
    const { shop, placed, allocs } = await acceptedOrder("ship-vnpost.myshopify.com", { notifyCustomer: false });
    await ship(allocs[0]!.id, "vietnam-post", "RR123456785VN");
    // WHEN pushed
    await pushShipmentToShopify(flow.ctx, allocs[0]!.id);
    // THEN no company name (it would get no link), the Vietnam Post URL, and no customer email
    const [made] = fulfillmentsOf(shop, placed.order.id);
    expect(made!.trackingInfo).toEqual([{ company: null, number: "RR123456785VN", url: "https://vnpost.vn/en/tra-cuu-hanh-trinh/buu-pham?key=RR123456785VN" }]);
    expect(made!.notifyCustomerCount).toBe(0);
  });

  it("makes one fulfillment per warehouse for a split shipment, each with its own lines", async () => {
    // GIVEN an order whose two SKUs sit in two different warehouses
    const { shop, placed, allocs } = await acceptedOrder("ship-split.myshopify.com", {
      lines: [{ sku: "KETTLE", quantity: 1 }, { sku: "TEAPOT", quantity: 2 }],
      settings: { maxSplits: 2 },
      warehouses: [{ code: "US-RNO", stock: { KETTLE: 3 } }, { code: "US-EWR", stock: { TEAPOT: 3 } }],
    });
    expect(allocs).toHaveLength(2);
    await ship(allocs[0]!.id, "usps", "9400111899223197428491");
    await ship(allocs[1]!.id, "usps", "9400111899223197428492");
    // WHEN both shipments are pushed
    await pushShipmentToShopify(flow.ctx, allocs[0]!.id);
    await pushShipmentToShopify(flow.ctx, allocs[1]!.id);
    // THEN Shopify has two fulfillments, each with its own tracking number and only its own lines
    const made = fulfillmentsOf(shop, placed.order.id);
    expect(made).toHaveLength(2);
    const lineOf = (sku: string) => placed.fulfillmentOrder.lineItems.find((l) => l.sku === sku)!.id;
    const byNumber = new Map(made.map((f) => [f.trackingInfo[0]!.number, f.lines]));
    const skuByAllocation = async (id: number) => (await flow.world.db.select({ n: allocations.trackingNumber }).from(allocations).where(eq(allocations.id, id)))[0]!.n!;
    const first = await skuByAllocation(allocs[0]!.id);
    expect(new Set(made.map((f) => f.trackingInfo[0]!.number))).toEqual(new Set(["9400111899223197428491", "9400111899223197428492"]));
    expect([...byNumber.values()].flat().map((l) => l.fulfillmentOrderLineId).sort()).toEqual([lineOf("KETTLE"), lineOf("TEAPOT")].sort());
    expect(byNumber.get(first)).toHaveLength(1);
    expect(placed.fulfillmentOrder.status).toBe("CLOSED");
  });
});

describe("tracking events and handovers", () => {
  async function shippedAndPushed(domain: string) {
    const ctxOrder = await acceptedOrder(domain);
    await ship(ctxOrder.allocs[0]!.id, "usps", USPS_NUMBER);
    await pushShipmentToShopify(flow.ctx, ctxOrder.allocs[0]!.id);
    const [f] = fulfillmentsOf(ctxOrder.shop, ctxOrder.placed.order.id);
    return { ...ctxOrder, fulfillment: f! };
  }
  const addEvent = async (allocationId: number, status: string, sequence: number, happenedAt: string, location: string | null = null) =>
    (await flow.world.db.insert(trackingEvents).values({ allocationId, eventKey: `${status}-${happenedAt}`, status, sequence, happenedAt: new Date(happenedAt), location }).returning())[0]!;

  it("posts DELIVERED and keeps a late IN_TRANSIT for history only", async () => {
    // GIVEN a shipped parcel; DELIVERED arrives, then an IN_TRANSIT from earlier arrives late
    const { allocs, fulfillment } = await shippedAndPushed("events.myshopify.com");
    const delivered = await addEvent(allocs[0]!.id, "delivered", 100, "2026-11-27T15:00:00.000Z", "San Jose, US");
    // WHEN each is pushed as it arrives, and DELIVERED once more (a retried job)
    expect(await pushTrackingEventToShopify(flow.ctx, delivered.id)).toBe("pushed DELIVERED");
    const late = await addEvent(allocs[0]!.id, "in_transit", 40, "2026-11-25T10:00:00.000Z", "Memphis, US");
    expect(await pushTrackingEventToShopify(flow.ctx, late.id)).toMatch(/^late/);
    expect(await pushTrackingEventToShopify(flow.ctx, delivered.id)).toBe("already pushed");
    // THEN Shopify shows one DELIVERED event and the parcel as delivered; the late one is stored, unpushed
    expect(fulfillment.events.map((e) => [e.status, e.happenedAt, e.city, e.country])).toEqual([["DELIVERED", "2026-11-27T15:00:00.000Z", "San Jose", "US"]]);
    expect(fulfillment.displayStatus).toBe("DELIVERED");
    const [lateRow] = await flow.world.db.select().from(trackingEvents).where(eq(trackingEvents.id, late.id));
    expect(lateRow!.pushedAt).toBeNull();
  });

  it("posts every event of the parcel still waiting in one job, in progress order, once", async () => {
    // GIVEN three events stored while their pushes waited (a worker restarted), stored out of order
    const { allocs, fulfillment } = await shippedAndPushed("backlog.myshopify.com");
    const out = await addEvent(allocs[0]!.id, "out_for_delivery", 90, "2026-11-27T08:00:00.000Z", "San Jose, US");
    const transit = await addEvent(allocs[0]!.id, "in_transit", 40, "2026-11-25T10:00:00.000Z", "Memphis, US");
    const delivered = await addEvent(allocs[0]!.id, "delivered", 100, "2026-11-27T15:00:00.000Z", "San Jose, US");
    // WHEN the first of their jobs runs, then the other two
    expect(await pushTrackingEventToShopify(flow.ctx, out.id)).toBe("pushed IN_TRANSIT, pushed OUT_FOR_DELIVERY, pushed DELIVERED");
    expect(await pushTrackingEventToShopify(flow.ctx, transit.id)).toBe("already pushed");
    expect(await pushTrackingEventToShopify(flow.ctx, delivered.id)).toBe("already pushed");
    // THEN Shopify shows the three, oldest progress first, each once
    expect(fulfillment.events.map((e) => e.status)).toEqual(["IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]);
    expect(fulfillment.displayStatus).toBe("DELIVERED");
  });

  it("says 'held at customs' for a customs step, which Shopify has no status for", async () => {
    // GIVEN a customs hold at the destination
    const { allocs, fulfillment } = await shippedAndPushed("customs.myshopify.com");
    const held = await addEvent(allocs[0]!.id, "in_customs", 50, "2026-11-26T08:00:00.000Z", "Los Angeles, US");
    // WHEN pushed; THEN it is an IN_TRANSIT event whose message names customs, with an estimated delivery
    await pushTrackingEventToShopify(flow.ctx, held.id);
    expect(fulfillment.events).toHaveLength(1);
    expect(fulfillment.events[0]).toMatchObject({ status: "IN_TRANSIT", message: "Held at customs in Los Angeles, US" });
    expect(fulfillment.events[0]!.estimatedDeliveryAt).toBe(allocs[0]!.expectedDeliveryAt!.toISOString());
  });

  it("updates the tracking on the same fulfillment when the parcel changes hands, keeping the history", async () => {
    // GIVEN a parcel pushed with its line-haul number
    const { allocs, fulfillment } = await shippedAndPushed("handover.myshopify.com");
    // WHEN a local carrier takes over with a new number (twice: a retried job)
    await updateTrackingOnShopify(flow.ctx, allocs[0]!.id, "dhl-ecommerce", "GM123456789012345678", null);
    await updateTrackingOnShopify(flow.ctx, allocs[0]!.id, "dhl-ecommerce", "GM123456789012345678", null);
    // THEN Shopify's fulfillment carries the new carrier and number; the old number stays in history
    expect(fulfillment.trackingInfo).toEqual([{ company: "DHL eCommerce", number: "GM123456789012345678", url: "https://webtrack.dhlecs.com/orders?trackingNumber=GM123456789012345678" }]);
    expect(fulfillment.trackingHistory[0]).toEqual([expect.objectContaining({ number: USPS_NUMBER })]);
    const history = await flow.world.db.select().from(trackingEvents).where(eq(trackingEvents.allocationId, allocs[0]!.id));
    expect(history).toMatchObject([{ eventKey: "handover-GM123456789012345678", trackingNumber: "GM123456789012345678", message: `Handed over from usps ${USPS_NUMBER} to dhl-ecommerce GM123456789012345678` }]);
    const [stored] = await flow.world.db.select().from(allocations).where(eq(allocations.id, allocs[0]!.id));
    expect(stored).toMatchObject({ carrier: "dhl-ecommerce", trackingNumber: "GM123456789012345678" });
    // AND a later shipment push sees the number already on Shopify
    expect(await pushShipmentToShopify(flow.ctx, allocs[0]!.id)).toBe("already on Shopify");
    expect(gidNumber(stored!.channelFulfillmentId!)).toBe(String(fulfillment.id));
  });
});

describe("the push-tracking job", () => {
  it("reaches Shopify through the registered pusher", async () => {
    // GIVEN Shopify's pusher registered and a shipped allocation of a Shopify order
    await import("../../../../../app/channels/shopify/tracking/register-pusher.server");
    const { processPushTracking } = await import("../../../../../app/tracking/push-to-storefront.server");
    const { shop, placed, allocs } = await acceptedOrder("job.myshopify.com");
    await ship(allocs[0]!.id, "usps", USPS_NUMBER);
    // WHEN the push-tracking job runs for the shipment
    const note = await processPushTracking(flow.ctx, { kind: "shipment", allocationId: allocs[0]!.id, correlationId: "t" });
    // THEN Shopify has the fulfillment
    expect(note).toMatch(/^created gid:\/\/shopify\/Fulfillment\//);
    expect(fulfillmentsOf(shop, placed.order.id)).toHaveLength(1);
  });

  it("GIVEN an event stored before its shipment is on Shopify WHEN its job runs in a worker THEN it waits without a failed attempt, and posts once the shipment is pushed", async () => {
    await import("../../../../../app/channels/shopify/tracking/register-pusher.server");
    const { shop, placed, allocs } = await acceptedOrder("event-waits.myshopify.com");
    await ship(allocs[0]!.id, "usps", USPS_NUMBER);
    const [event] = await flow.world.db.insert(trackingEvents).values({ allocationId: allocs[0]!.id, eventKey: "scan-1", status: "in_transit", sequence: 40, happenedAt: new Date("2026-11-25T10:00:00Z") }).returning();
    const pool = await startWorkers({ config: flow.ctx.config, db: flow.world, logger: flow.ctx.logger, processors: { [QUEUE.pushTracking]: PROCESSORS[QUEUE.pushTracking] }, relayEveryMs: 60_000 });
    try {
      const queue = flow.queues.get(QUEUE.pushTracking);
      const job = await queue.add(QUEUE.pushTracking, { kind: "event", allocationId: allocs[0]!.id, trackingEventId: event!.id, correlationId: "t" }, { jobId: "wait-for-shipment" });
      // The job meets no fulfillment and goes back to delayed, more than once, with no failed attempt.
      await vi.waitFor(async () => expect((await queue.getJob(job.id!))?.attemptsStarted).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 50 });
      const waiting = await queue.getJob(job.id!);
      expect(waiting!.attemptsMade).toBe(0);
      expect(await waiting!.getState()).not.toBe("failed");
      // The shipment push lands; the waiting event follows it onto the same fulfillment.
      await pushShipmentToShopify(flow.ctx, allocs[0]!.id);
      await vi.waitFor(async () => expect(await (await queue.getJob(job.id!))!.getState()).toBe("completed"), { timeout: 5_000, interval: 50 });
      const [fulfillment] = fulfillmentsOf(shop, placed.order.id);
      expect(fulfillment!.events.map((e) => e.status)).toEqual(["IN_TRANSIT"]);
    } finally {
      await pool.close();
    }
  });

  it("GIVEN an event stored before the parcel's fulfillment exists WHEN the shipment push creates it THEN that event's push is queued again", async () => {
    const { allocs } = await acceptedOrder("events-after-fulfillment.myshopify.com");
    await ship(allocs[0]!.id, "usps", USPS_NUMBER);
    const [event] = await flow.world.db.insert(trackingEvents).values({ allocationId: allocs[0]!.id, eventKey: "early-scan", status: "in_transit", sequence: 40, happenedAt: new Date("2026-11-25T10:00:00Z") }).returning();
    await pushShipmentToShopify(flow.ctx, allocs[0]!.id);
    const job = await flow.queues.get(QUEUE.pushTracking).getJob(`track-${event!.id}-after-fulfillment`);
    expect(job?.data).toMatchObject({ kind: "event", allocationId: allocs[0]!.id, trackingEventId: event!.id });
  });
});
