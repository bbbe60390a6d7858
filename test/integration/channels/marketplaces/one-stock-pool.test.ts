/**
 * One SKU, one pool: the same SKU sold at once on Shopify, Etsy and TikTok Shop draws from the
 * merchant's one stock of it. More units are ordered than exist; routing must hold exactly what
 * exists, never more, and turn every order it cannot fill into an unroutable exception.
 *
 * Dispatch is left out so that what routing held stays held and can be counted.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocationLines, allocations, exceptions, inventoryLevels, orders, reservations } from "../../../../app/db/schema";
import { routeJobId } from "../../../../app/queues/keys";
import { QUEUE } from "../../../../app/queues/names";
import { PROCESSORS } from "../../../../app/queues/run-workers.server";
import { canonicalOrder, seedOrder, seedWarehouse } from "../../../helpers/seed";
import { connectMarketplaces, ETSY_SHOP_ID, startMarketplaceWorld, until, type MarketplaceWorld } from "./harness";

const SKU = "NON-LA-HAT";
const ON_HAND = 10;
const PER_CHANNEL = 4;
const UNITS_PER_ORDER = 2;

let mw: MarketplaceWorld;
beforeAll(async () => {
  mw = await startMarketplaceWorld({ processors: { [QUEUE.ingest]: PROCESSORS[QUEUE.ingest], [QUEUE.routeOrder]: PROCESSORS[QUEUE.routeOrder] } });
});
afterAll(async () => mw?.close());

describe("one stock pool across Shopify, Etsy and TikTok Shop", () => {
  it("never oversells when the three channels order more units than exist, all at once", async () => {
    // GIVEN one warehouse holding 10 units, and 4 orders of 2 units on each channel (24 units)
    const { shop } = await connectMarketplaces(mw, "one-pool.myshopify.com");
    const wh = await seedWarehouse(mw.world.db, shop.id, { code: "US-ONE", country: "US", stock: { [SKU]: ON_HAND }, destinations: ["US"] });
    const shopify = await Promise.all(Array.from({ length: PER_CHANNEL }, () => seedOrder(mw.world.db, canonicalOrder(shop.domain, [{ sku: SKU, quantity: UNITS_PER_ORDER }]))));
    const receipts = Array.from({ length: PER_CHANNEL }, () => mw.etsy.state.addReceipt(ETSY_SHOP_ID, [{ sku: SKU, quantity: UNITS_PER_ORDER }]));
    const product = mw.tts.state.addProduct(mw.ttsShop.id, [{ sellerSku: SKU, warehouses: { "7100000000000000009": ON_HAND } }]);
    const skuId = product.skus[0]!.id;
    const ttsOrders = Array.from({ length: PER_CHANNEL }, () => mw.tts.state.addOrder(mw.ttsShop.id, Array.from({ length: UNITS_PER_ORDER }, () => ({ skuId, sellerSku: SKU, productId: product.id }))));

    // WHEN all twelve arrive together: Shopify's as route jobs, Etsy's and TikTok's as webhooks
    let sampling = true;
    let worstOverhang = Number.NEGATIVE_INFINITY;
    const sampler = (async () => {
      while (sampling) {
        const [l] = await mw.world.db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, wh.id), eq(inventoryLevels.sku, SKU)));
        worstOverhang = Math.max(worstOverhang, l!.reserved - l!.onHand);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const statuses = await Promise.all([
      ...shopify.map(async ({ orderId, revision }) => {
        await mw.web.queues.add(QUEUE.routeOrder, { orderId, revision, correlationId: "pool" }, { jobId: routeJobId(orderId, revision) });
        return 200;
      }),
      ...receipts.map(async (r) => (await mw.etsy.sendOrderPaid(`${mw.web.url}/webhooks/etsy`, { shopId: ETSY_SHOP_ID, receiptId: r.receipt_id }))[0]),
      ...ttsOrders.map(async (o) => (await mw.tts.sendWebhook(`${mw.web.url}/webhooks/tiktok`, { type: 1, shopId: mw.ttsShop.id, data: { order_id: o.id } }))[0]),
    ]);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const all = await until("every order routed or unroutable", async () => {
      const rows = await mw.world.db.select().from(orders).where(eq(orders.shopId, shop.id));
      return rows.length === 3 * PER_CHANNEL && rows.every((o) => o.stage === "routed" || o.stage === "exception") ? rows : undefined;
    });
    sampling = false;
    await sampler;

    // THEN each channel's orders are in the one shop's books
    expect(Object.fromEntries(["shopify", "etsy", "tiktok"].map((c) => [c, all.filter((o) => o.channel === c).length]))).toEqual({ shopify: PER_CHANNEL, etsy: PER_CHANNEL, tiktok: PER_CHANNEL });
    // AND reserved never exceeded on hand, and exactly the 10 units that exist are held
    expect(worstOverhang).toBeLessThanOrEqual(0);
    const [level] = await mw.world.db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, wh.id), eq(inventoryLevels.sku, SKU)));
    expect(level).toMatchObject({ onHand: ON_HAND, reserved: ON_HAND });
    const routed = all.filter((o) => o.stage === "routed");
    expect(routed).toHaveLength(ON_HAND / UNITS_PER_ORDER);
    const live = await mw.world.db.select({ id: allocations.id }).from(allocations).where(inArray(allocations.orderId, all.map((o) => o.id)));
    const [units] = await mw.world.db.select({ n: sql<number>`coalesce(sum(${allocationLines.quantity}), 0)::int` }).from(allocationLines).where(inArray(allocationLines.allocationId, live.map((a) => a.id)));
    expect(units!.n).toBe(ON_HAND);
    const [held] = await mw.world.db.select({ n: sql<number>`coalesce(sum(${reservations.quantity}), 0)::int` }).from(reservations).where(eq(reservations.status, "held"));
    expect(held!.n).toBe(ON_HAND);
    // AND every other order is an open unroutable exception, whatever channel it came from
    const unroutable = all.filter((o) => o.stage === "exception");
    expect(unroutable).toHaveLength(3 * PER_CHANNEL - ON_HAND / UNITS_PER_ORDER);
    const open = await mw.world.db.select().from(exceptions).where(and(eq(exceptions.kind, "unroutable_order"), eq(exceptions.status, "open")));
    expect(open.map((e) => e.subject).sort()).toEqual(unroutable.map((o) => `order:${o.id}`).sort());
  });
});
