/**
 * Etsy and TikTok Shop orders on Shopify's path, end to end over real HTTP, Postgres and BullMQ:
 * the platform's signed webhook (delivered twice) → intake → the order fetched and stored → routing
 * → the sandbox 3PL → shipped → tracking pushed back to the platform, exactly once.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocations, orders, webhookInbox } from "../../../../app/db/schema";
import { QUEUE } from "../../../../app/queues/names";
import { DAY, HOUR } from "../../../sandboxes/warehouse/clock";
import { startWarehouseSandbox, type WarehouseSandbox } from "../../../sandboxes/warehouse/server";
import { seedWarehouse } from "../../../helpers/seed";
import { connectMarketplaces, ETSY_SHOP_ID, inboxSettled, startMarketplaceWorld, until, type MarketplaceWorld } from "./harness";

const SKU = "AODAI-SILK-M";
let mw: MarketplaceWorld;
let warehouse: WarehouseSandbox;

beforeAll(async () => {
  mw = await startMarketplaceWorld();
  warehouse = await startWarehouseSandbox({ warehouses: ["US-RNO"], clock: { mode: "manual" }, stock: { "US-RNO": { [SKU]: 20 } }, seed: 11, tenants: [{ name: "demo", apiKey: "key-demo" }] });
  const { shop } = await connectMarketplaces(mw, "silk-road.myshopify.com");
  warehouse.setWebhookUrl(`${mw.web.url}/webhooks/warehouses/sandbox/${shop.id}`);
  await seedWarehouse(mw.world.db, shop.id, {
    code: "US-RNO",
    country: "US",
    stock: { [SKU]: 20 },
    destinations: ["US"],
    connectorConfig: { baseUrl: warehouse.url, apiKey: "key-demo", webhookSecret: warehouse.tenants[0]!.webhookSecret, partnerLocationId: "US-RNO" },
  });
});
afterAll(async () => {
  await warehouse?.close();
  await mw?.close();
});

async function orderOf(channel: "etsy" | "tiktok", externalId: string) {
  return until(`${channel} order ${externalId} stored`, async () => (await mw.world.db.select().from(orders).where(and(eq(orders.channel, channel), eq(orders.externalId, externalId))))[0]);
}

/** Runs the warehouse through ship and delivery, and waits until every push job has finished. */
async function shipAndDeliver(allocationId: number) {
  warehouse.advance(5 * HOUR);
  await warehouse.webhooksSettled();
  const shipped = await until("shipped with tracking", async () => {
    const [a] = await mw.world.db.select().from(allocations).where(eq(allocations.id, allocationId));
    return a?.trackingNumber && a.channelFulfillmentId ? a : undefined;
  });
  warehouse.advance(10 * DAY);
  await warehouse.webhooksSettled();
  await until("delivered", async () => (await mw.world.db.select().from(allocations).where(eq(allocations.id, allocationId)))[0]?.status === "delivered");
  await inboxSettled(mw);
  const pushQueue = mw.pool.queues.get(QUEUE.pushTracking);
  await until("push jobs done", async () => {
    const c = await pushQueue.getJobCounts("waiting", "active", "delayed", "prioritized");
    return Object.values(c).every((n) => n === 0);
  });
  return shipped;
}

/** push-tracking jobs of one allocation, by kind, with how they ended. */
async function pushJobsOf(allocationId: number) {
  const jobs = await mw.pool.queues.get(QUEUE.pushTracking).getJobs(["completed", "failed"]);
  const mine = jobs.filter((j) => j.data.allocationId === allocationId);
  return {
    shipments: mine.filter((j) => j.data.kind === "shipment"),
    events: mine.filter((j) => j.data.kind === "event"),
    failed: await Promise.all(mine.map(async (j) => ((await j.getState()) === "failed" ? j.failedReason : null))).then((r) => r.filter(Boolean)),
  };
}

describe("an Etsy receipt on the Shopify path", () => {
  it("goes intake → routing → 3PL → shipped → createReceiptShipment once, though Etsy delivers order.paid twice", async () => {
    // GIVEN a paid receipt on the connected Etsy shop
    const receipt = mw.etsy.state.addReceipt(ETSY_SHOP_ID, [{ sku: SKU, quantity: 2 }]);
    const receiptId = String(receipt.receipt_id);
    // WHEN Etsy delivers its signed order.paid twice (same webhook-id)
    const delivery = mw.etsy.buildOrderPaid({ shopId: ETSY_SHOP_ID, receiptId: receipt.receipt_id });
    expect(await mw.etsy.deliver(`${mw.web.url}/webhooks/etsy`, [delivery, delivery])).toEqual([200, 200]);

    // THEN one order, under the Corridor shop, is routed to the 3PL and accepted there
    const order = await orderOf("etsy", receiptId);
    expect(order.canonical).toMatchObject({ channel: "etsy", shopDomain: "silk-road.myshopify.com", lines: [{ sku: SKU, quantity: 2 }] });
    const accepted = await until("accepted by the 3PL", async () => (await mw.world.db.select().from(allocations).where(and(eq(allocations.orderId, order.id), eq(allocations.status, "accepted"))))[0]);

    // AND once shipped, Etsy has the tracking number, with the carrier's name
    const shipped = await shipAndDeliver(accepted.id);
    expect(mw.etsy.state.records.shipments).toEqual([{ receiptId, body: { tracking_code: shipped.trackingNumber, carrier_name: "USPS" } }]);
    const onEtsy = mw.etsy.state.receipts.get(receipt.receipt_id)!;
    expect(onEtsy.shipments.map((s) => s.tracking_code)).toEqual([shipped.trackingNumber]);
    expect(shipped.channelFulfillmentId).toBe(String(onEtsy.shipments[0]!.receipt_shipping_id));

    // AND a late duplicate, and a second order.paid for the same receipt (new webhook-id), change nothing
    const again = mw.etsy.buildOrderPaid({ shopId: ETSY_SHOP_ID, receiptId: receipt.receipt_id });
    expect(await mw.etsy.deliver(`${mw.web.url}/webhooks/etsy`, [delivery, again])).toEqual([200, 200]);
    await inboxSettled(mw);
    const rows = await mw.world.db.select().from(webhookInbox).where(eq(webhookInbox.channel, "etsy"));
    expect(rows.map((r) => r.deliveryId).sort()).toEqual([delivery.headers["webhook-id"], again.headers["webhook-id"]].sort());
    expect(rows.every((r) => r.status !== "failed")).toBe(true);
    expect(await mw.world.db.select().from(allocations).where(eq(allocations.orderId, order.id))).toHaveLength(1);
    expect(warehouse.ordersPerReference().get(`demo/${accepted.clientReference}`)).toBe(1);
    expect(mw.etsy.state.records.shipments).toHaveLength(1);

    // AND the shipment push ran, progress events completed as "not supported" (nothing failed)
    const pushes = await pushJobsOf(accepted.id);
    expect(pushes.failed).toEqual([]);
    expect(pushes.shipments.length).toBeGreaterThanOrEqual(1);
    expect(pushes.events.length).toBeGreaterThan(0);
    expect(pushes.events.every((j) => String(j.returnvalue).startsWith("not supported by channel"))).toBe(true);
  });
});

describe("a TikTok Shop order on the Shopify path", () => {
  it("goes intake → routing → 3PL → shipped → one package shipped on TikTok, though TikTok pushes the status twice", async () => {
    // GIVEN an order awaiting shipment: three one-unit line items of the same SKU
    const product = mw.tts.state.addProduct(mw.ttsShop.id, [{ sellerSku: SKU, warehouses: { "7100000000000000001": 5 } }]);
    const skuId = product.skus[0]!.id;
    const ttsOrder = mw.tts.state.addOrder(mw.ttsShop.id, [1, 2, 3].map(() => ({ skuId, sellerSku: SKU, productId: product.id })));
    // WHEN TikTok pushes ORDER_STATUS_CHANGE twice (same tts_notification_id)
    const statuses = await mw.tts.sendWebhook(`${mw.web.url}/webhooks/tiktok`, { type: 1, shopId: mw.ttsShop.id, data: { order_id: ttsOrder.id, order_status: "AWAITING_SHIPMENT" } }, { times: 2 });
    expect(statuses).toEqual([200, 200]);

    // THEN one order of 3 units is routed and accepted by the 3PL
    const order = await orderOf("tiktok", ttsOrder.id);
    expect(order.canonical.lines).toEqual([expect.objectContaining({ externalLineId: skuId, sku: SKU, quantity: 3 })]);
    const accepted = await until("accepted by the 3PL", async () => (await mw.world.db.select().from(allocations).where(and(eq(allocations.orderId, order.id), eq(allocations.status, "accepted"))))[0]);

    // AND once shipped, TikTok has exactly one package with the tracking number and USPS's provider id
    const shipped = await shipAndDeliver(accepted.id);
    expect(mw.tts.state.records.packages).toHaveLength(1);
    expect(mw.tts.state.records.packages[0]).toEqual({
      orderId: ttsOrder.id,
      body: { tracking_number: shipped.trackingNumber, shipping_provider_id: "6617675021119438849", order_line_item_ids: ttsOrder.line_items.map((l) => l.id) },
    });
    expect(shipped.channelFulfillmentId).toBe(ttsOrder.line_items[0]!.package_id);

    // AND the status change TikTok pushes after shipping (a new notification) routes nothing new
    expect(await mw.tts.sendWebhook(`${mw.web.url}/webhooks/tiktok`, { type: 1, shopId: mw.ttsShop.id, data: { order_id: ttsOrder.id, order_status: "IN_TRANSIT" } })).toEqual([200]);
    await inboxSettled(mw);
    // (ignored when TikTok's update_time did not move within the second: not newer than what we hold)
    const after = (await mw.world.db.select().from(webhookInbox).where(eq(webhookInbox.channel, "tiktok")).orderBy(webhookInbox.id)).map((r) => r.status);
    expect(after).toHaveLength(2);
    expect(after[0]).toBe("processed");
    expect(["processed", "ignored"]).toContain(after[1]);
    expect(await mw.world.db.select().from(allocations).where(eq(allocations.orderId, order.id))).toHaveLength(1);
    expect(warehouse.ordersPerReference().get(`demo/${accepted.clientReference}`)).toBe(1);
    expect(mw.tts.state.records.packages).toHaveLength(1);
    const pushes = await pushJobsOf(accepted.id);
    expect(pushes.failed).toEqual([]);
    expect(pushes.events.every((j) => String(j.returnvalue).startsWith("not supported by channel"))).toBe(true);
  });
});
