/**
 * Corridor ↔ sandbox 3PL over real HTTP, Postgres and BullMQ: an order is routed, dispatched once by
 * client reference, shipped, tracked through delivery by signed webhooks (duplicated and reordered
 * on purpose), and its reserved stock leaves the books exactly once.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocations, inventoryLevels, orders, reservations, trackingEvents, webhookInbox } from "../../../app/db/schema";
import { logger } from "../../../app/lib/logger.server";
import { routeJobId } from "../../../app/queues/keys";
import { QUEUE } from "../../../app/queues/names";
import { PROCESSORS, startWorkers, type WorkerPool } from "../../../app/queues/run-workers.server";
import { startWebServer, type WebServer } from "../../../app/server";
import { DAY, HOUR } from "../../sandboxes/warehouse/clock";
import { startWarehouseSandbox, type WarehouseSandbox } from "../../sandboxes/warehouse/server";
import { testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../../helpers/seed";

let world: IsolatedWorld;
let web: WebServer;
let pool: WorkerPool;
let sandbox: WarehouseSandbox;

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  world = await isolatedWorld();
  const config = testConfig(world);
  web = await startWebServer(config, { db: world, admin: false });
  // Storefront pushes are another test's subject: here they stay queued so we can inspect them.
  const { [QUEUE.pushTracking]: _push, ...processors } = PROCESSORS;
  pool = await startWorkers({ config, db: world, logger, processors, relayEveryMs: 200 });
  sandbox = await startWarehouseSandbox({
    warehouses: ["US-RNO"],
    clock: { mode: "manual" },
    // The partner's count is the truth for on-hand; it matches what Corridor was told.
    stock: { "US-RNO": { "AODAI-SILK-M": 10 } },
    webhookRetry: { backoffMs: [20, 50, 100] },
    faults: { duplicateWebhookRate: 0.5, outOfOrderWebhookRate: 0.3 },
    seed: 7,
    tenants: [{ name: "demo", apiKey: "key-demo" }],
  });
});
afterAll(async () => {
  await sandbox?.close();
  await pool?.close();
  await web?.close();
  await world?.cleanup();
});

describe("order → sandbox 3PL → tracking", () => {
  it("dispatches once, ships, tracks to delivery and consumes the reservation once", async () => {
    // GIVEN a shop whose US warehouse is the sandbox 3PL, pushing to Corridor's intake
    const shop = await seedShop(world.db, "flow.myshopify.com");
    sandbox.setWebhookUrl(`${web.url}/webhooks/warehouses/sandbox/${shop.id}`);
    const wh = await seedWarehouse(world.db, shop.id, {
      code: "US-RNO",
      country: "US",
      stock: { "AODAI-SILK-M": 10 },
      destinations: ["US"],
      connectorConfig: { baseUrl: sandbox.url, apiKey: "key-demo", webhookSecret: sandbox.tenants[0]!.webhookSecret, partnerLocationId: "US-RNO" },
    });
    const { orderId, revision } = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "AODAI-SILK-M", quantity: 2 }]));

    // WHEN it is routed (the route job is queued twice, as a redelivery would)
    for (let i = 0; i < 2; i++) await web.queues.add(QUEUE.routeOrder, { orderId, revision, correlationId: "flow" }, { jobId: routeJobId(orderId, revision) });
    const accepted = await until("accepted by the warehouse", async () => {
      const [a] = await world.db.select().from(allocations).where(and(eq(allocations.orderId, orderId), eq(allocations.status, "accepted")));
      return a;
    });
    expect((await world.db.select().from(orders).where(eq(orders.id, orderId)))[0]!.stage).toBe("at_warehouse");

    // AND the warehouse's clock runs through pick, pack, ship and the parcel's journey
    sandbox.advance(5 * HOUR);
    await sandbox.webhooksSettled();
    const shipped = await until("shipped", async () => {
      const [a] = await world.db.select().from(allocations).where(eq(allocations.id, accepted.id));
      return a && ["shipped", "in_transit", "delivered"].includes(a.status) ? a : undefined;
    });
    sandbox.advance(10 * DAY);
    await sandbox.webhooksSettled();
    const delivered = await until("delivered", async () => {
      const [a] = await world.db.select().from(allocations).where(eq(allocations.id, accepted.id));
      return a?.status === "delivered" ? a : undefined;
    });

    // THEN exactly one warehouse order exists for the client reference
    expect(sandbox.ordersPerReference().get(`demo/${accepted.clientReference}`)).toBe(1);
    expect([...sandbox.ordersPerReference().values()].every((n) => n === 1)).toBe(true);
    // AND the parcel carries a carrier and tracking number, and the order is delivered
    expect(shipped.trackingNumber).toBeTruthy();
    expect(delivered.carrier).toBeTruthy();
    expect((await world.db.select().from(orders).where(eq(orders.id, orderId)))[0]!.stage).toBe("delivered");
    // AND each partner event is stored once despite duplicated and reordered deliveries
    await until("every push ingested", async () => (await world.db.select().from(webhookInbox).where(eq(webhookInbox.status, "pending"))).length === 0);
    const events = await world.db.select().from(trackingEvents).where(eq(trackingEvents.allocationId, accepted.id));
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(new Set(events.map((e) => e.eventKey)).size).toBe(events.length);
    expect(events.some((e) => e.status === "delivered")).toBe(true);
    const inboxRows = await until("every push ingested", async () => {
      const rows = await world.db.select().from(webhookInbox).where(eq(webhookInbox.channel, "warehouse"));
      return rows.every((r) => r.status !== "pending") ? rows : undefined;
    });
    expect(inboxRows.filter((r) => r.status !== "processed").map((r) => `${r.topic}: ${r.status} ${r.error}`)).toEqual([]);
    expect(new Set(inboxRows.map((r) => r.deliveryId)).size).toBe(inboxRows.length);
    // AND the reserved units left the books once: on hand 10 → 8, nothing reserved
    const [level] = await world.db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, wh.id), eq(inventoryLevels.sku, "AODAI-SILK-M")));
    expect(level).toMatchObject({ onHand: 8, reserved: 0 });
    expect((await world.db.select().from(reservations).where(eq(reservations.allocationId, accepted.id))).map((r) => r.status)).toEqual(["consumed"]);
    // AND the storefront pushes are queued by name: one shipment, one per tracking event
    const pushes = await web.queues.get(QUEUE.pushTracking).getJobs(["waiting", "delayed"]);
    expect(pushes.filter((j) => j.data.kind === "shipment" && j.data.allocationId === accepted.id)).toHaveLength(1);
    expect(new Set(pushes.filter((j) => j.data.kind === "event").map((j) => j.data.trackingEventId)).size).toBe(events.length);
  });

  it("refuses a push signed with the wrong secret and stores nothing", async () => {
    const [shop] = await world.db.select().from(orders).limit(1);
    const res = await fetch(`${web.url}/webhooks/warehouses/sandbox/${shop!.shopId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "webhook-id": "msg_forged", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": "v1,AAAA" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(await world.db.select().from(webhookInbox).where(eq(webhookInbox.deliveryId, "msg_forged"))).toHaveLength(0);
  });
});
