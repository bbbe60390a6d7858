import { Worker } from "bullmq";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../../app/config.server";
import { skus as skusTable, storefrontStock } from "../../../app/db/schema";
import { QUEUE } from "../../../app/queues/names";
import { clusterSafePrefix, createQueues, redisConnection, type Queues } from "../../../app/queues/queues.server";
import { processPushStock, runStockPush } from "../../../app/stock/process-push-stock.server";
import { startStockChangeDispatcher } from "../../../app/stock/stock-change-dispatcher.server";
import { stockChanges } from "../../../app/db/schema";
import { syncHealth } from "../../../app/stock/sync-health.server";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { TEST_API_KEY, TEST_API_SECRET, testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { mismatches, seedStockShop, setCalls, skuName, stockContext, writeStock } from "./stock-world";

let world: IsolatedWorld;
let sandbox: ShopifySandbox;
let queues: Queues;
let config: Config;

beforeAll(async () => {
  world = await isolatedWorld();
  sandbox = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, plan: "standard" });
  queues = createQueues(world.redisUrl, world.queuePrefix);
  config = testConfig(world, { SHOPIFY_ADMIN_API_ORIGIN: sandbox.url });
});

afterAll(async () => {
  await queues.close();
  await sandbox.close();
  await world.cleanup();
});

const ctx = () => stockContext(world.db, config, queues);
const pending = async (shopId: number) => (await world.db.select().from(stockChanges).where(eq(stockChanges.shopId, shopId))).length;

describe("stock push to Shopify", () => {
  it("pushes 1,000 SKU changes across 3 warehouses in 4 calls and leaves the storefront equal to ATS", async () => {
    // GIVEN 1,000 SKUs stocked at all three warehouses, some with reservations
    const shop = await seedStockShop(world.db, sandbox, { domain: "thousand.myshopify.com", skuCount: 1000 });
    await writeStock(world.db, shop, 0, 1000, (i, w) => (i * 7 + w * 3) % 20, (i) => i % 3);
    const before = sandbox.log.length;
    // WHEN the connection's changes are pushed
    const result = await runStockPush(ctx(), shop.connectionId, { scope: "changes" });
    // THEN ceil(1000 / 250) accepted calls, nothing pending, and every SKU equals ATS
    expect(result.status).toBe("pushed");
    expect(setCalls(sandbox, shop.domain, before).accepted).toBe(4);
    expect(await pending(shop.shopId)).toBe(0);
    expect(await mismatches(world.db, shop)).toEqual([]);
    // AND storefront_stock holds the base of the next compare-and-swap for each SKU
    const [row] = await world.db.select().from(storefrontStock).where(eq(storefrontStock.sku, skuName(5)));
    expect(row!.lastPushedQuantity).toBe(shop.storefrontLevels().get(skuName(5)));
    expect(row!.changeSeenAt).not.toBeNull();

    // WHEN it runs again, from the outbox and as a full reconciliation
    const again = sandbox.log.length;
    await runStockPush(ctx(), shop.connectionId, { scope: "changes" });
    const full = await runStockPush(ctx(), shop.connectionId, { scope: "all" });
    // THEN nothing new is pushed
    expect(setCalls(sandbox, shop.domain, again).accepted).toBe(0);
    expect(full.status === "pushed" && full.summary.unchanged).toBe(1000);

    // AND sync health reports the measured lag and pushes
    const [health] = await syncHealth(world.db, { now: new Date(), shopDomain: shop.domain });
    expect(health).toMatchObject({ pushes: 4, rowsPushed: 1000, failedPushes: 0, pendingChanges: 0 });
    expect(health!.lagP95Ms).toBeGreaterThanOrEqual(health!.lagP50Ms!);
  });

  it("re-reads a level changed behind Corridor's back and sets it to ATS", async () => {
    // GIVEN a storefront in sync
    const shop = await seedStockShop(world.db, sandbox, { domain: "stale.myshopify.com", skuCount: 30 });
    await writeStock(world.db, shop, 0, 30, () => 10);
    await runStockPush(ctx(), shop.connectionId, { scope: "changes" });
    expect(await mismatches(world.db, shop)).toEqual([]);
    // WHEN another app changes SKU 7 in Shopify and the warehouses change SKUs 0–9
    shop.items.get(skuName(7))!.levels.values().next().value!.quantities.available = 99;
    await writeStock(world.db, shop, 0, 10, () => 4);
    const result = await runStockPush(ctx(), shop.connectionId, { scope: "changes" });
    // THEN the compare-and-swap lost once, was re-read, and the storefront equals ATS again
    expect(result.status === "pushed" && result.summary.staleRetries).toBe(1);
    expect(await mismatches(world.db, shop)).toEqual([]);
    const [health] = await syncHealth(world.db, { now: new Date(), shopDomain: shop.domain });
    expect(health!.staleRetries).toBe(1);
  });

  it("looks up unmapped SKUs once, caches the inventory item and stocks items at Corridor's location", async () => {
    // GIVEN SKUs Corridor has no inventory item id for, not yet stocked at its location
    const shop = await seedStockShop(world.db, sandbox, { domain: "fresh.myshopify.com", skuCount: 60, mapRefs: false, stockedAtLocation: false });
    await writeStock(world.db, shop, 0, 60, (i) => i % 5 + 1);
    // WHEN pushed
    const result = await runStockPush(ctx(), shop.connectionId, { scope: "changes" });
    // THEN each is activated with its ATS, and the mapping is cached in skus.channel_refs
    expect(result.status === "pushed" && result.summary.activated).toBe(60);
    expect(await mismatches(world.db, shop)).toEqual([]);
    const [cached] = await world.db.select().from(skusTable).where(sql`${skusTable.shopId} = ${shop.shopId} AND ${skusTable.sku} = ${skuName(3)}`);
    expect(cached!.channelRefs.shopify!.inventoryItemId).toBe(`gid://shopify/InventoryItem/${shop.items.get(skuName(3))!.id}`);
  });

  it("loses no update when Shopify throttles, and pushes changes made during a push in the next one", async () => {
    // GIVEN a shop on a tiny bucket whose points another app has just spent (answering 429)
    const shop = await seedStockShop(world.db, sandbox, { domain: "throttled.myshopify.com", skuCount: 600, plan: { maximumAvailable: 20, restoreRate: 25 } });
    sandbox.setThrottledStatus(429);
    await writeStock(world.db, shop, 0, 600, (i, w) => (i + w) % 9);
    shop.sandboxShop.bucket.tryTake(shop.sandboxShop.bucket.currentlyAvailable());
    const before = sandbox.log.length;
    // WHEN pushing, while warehouse changes keep arriving mid-push
    const push = runStockPush(ctx(), shop.connectionId, { scope: "changes" });
    await new Promise((r) => setTimeout(r, 50));
    await writeStock(world.db, shop, 100, 400, () => 3, () => 1);
    await push;
    await runStockPush(ctx(), shop.connectionId, { scope: "changes" });
    sandbox.setThrottledStatus(200);
    // THEN Shopify did throttle, yet every SKU equals ATS and nothing is pending
    expect(setCalls(sandbox, shop.domain, before).throttled).toBeGreaterThan(0);
    expect(await mismatches(world.db, shop)).toEqual([]);
    expect(await pending(shop.shopId)).toBe(0);
  });

  it("pushes the other batches when Shopify refuses one for good, then fails the job once with the refusal", async () => {
    // GIVEN 300 SKUs (two batches) where SKU 0 holds more than Shopify accepts, and SKU 299's cached item was deleted
    const shop = await seedStockShop(world.db, sandbox, { domain: "refused.myshopify.com", skuCount: 300 });
    await writeStock(world.db, shop, 0, 300, (i, w) => (i === 0 && w === 1 ? 1_500_000_000 : 4));
    await world.db.update(skusTable).set({ channelRefs: { shopify: { inventoryItemId: "gid://shopify/InventoryItem/1" } } }).where(sql`${skusTable.shopId} = ${shop.shopId} AND ${skusTable.sku} = ${skuName(299)}`);
    // WHEN pushed
    const push = runStockPush(ctx(), shop.connectionId, { scope: "changes" });
    // THEN the job fails with Shopify's code, not retryable
    await expect(push).rejects.toMatchObject({ code: "INVALID_QUANTITY_TOO_HIGH", retryable: false });
    // AND the second batch landed, the dead mapping was forgotten, and the outbox is not re-sent forever
    const levels = shop.storefrontLevels();
    expect(levels.get(skuName(298))).toBe(11);
    expect(levels.get(skuName(0))).toBe(0);
    const [stale] = await world.db.select().from(skusTable).where(sql`${skusTable.shopId} = ${shop.shopId} AND ${skusTable.sku} = ${skuName(299)}`);
    expect(stale!.channelRefs.shopify?.inventoryItemId).toBeUndefined();
    expect(await pending(shop.shopId)).toBe(0);
    const [health] = await syncHealth(world.db, { now: new Date(), shopDomain: shop.domain });
    expect(health!.failedPushes).toBe(1);
  });

  it("coalesces a burst into one push-stock job per window through the dispatcher and BullMQ", async () => {
    // GIVEN the dispatcher listening and a push-stock worker
    const shop = await seedStockShop(world.db, sandbox, { domain: "burst.myshopify.com", skuCount: 400 });
    const dispatcher = await startStockChangeDispatcher({ sql: world.sql, queues, logger: ctx().logger, windowMs: 300, sweepEveryMs: 1_000 });
    const worker = new Worker(QUEUE.pushStock, async (job) => processPushStock(ctx(), job.data), { connection: redisConnection(world.redisUrl), prefix: clusterSafePrefix(world.queuePrefix), concurrency: 4 });
    try {
      const before = sandbox.log.length;
      // WHEN 400 SKUs change in one transaction, then 50 more while that push may be running
      await writeStock(world.db, shop, 0, 400, (i) => i % 11);
      await waitFor(async () => setCalls(sandbox, shop.domain, before).accepted > 0);
      await writeStock(world.db, shop, 0, 50, () => 2, () => 1);
      // THEN the storefront converges to ATS with nothing left in the outbox
      await waitFor(async () => (await pending(shop.shopId)) === 0 && (await mismatches(world.db, shop)).length === 0);
      // AND the 450 changes took few calls: 2 for the burst, 1 for the 50 (allowing one split window)
      expect(setCalls(sandbox, shop.domain, before).accepted).toBeLessThanOrEqual(5);
    } finally {
      await worker.close();
      await dispatcher.close();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
