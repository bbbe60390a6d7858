/**
 * Stock reaches every storefront of a shop — Shopify, Etsy and TikTok Shop — each through its own
 * outbox rows, job and Channel, through the real path: triggers → dispatcher → BullMQ push-stock
 * → Channel.pushStock → sandboxes. Assertions read the sandboxes' own records, not our database.
 */
import { Worker } from "bullmq";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../../app/config.server";
import { channelConnections, stockChanges, stockPushLog, warehouses } from "../../../app/db/schema";
import { QUEUE } from "../../../app/queues/names";
import { clusterSafePrefix, createQueues, redisConnection, type Queues } from "../../../app/queues/queues.server";
import { routeAndReserve } from "../../../app/routing/route-and-reserve.server";
import { processPushStock } from "../../../app/stock/process-push-stock.server";
import { startStockChangeDispatcher, type StockDispatcher } from "../../../app/stock/stock-change-dispatcher.server";
import { applyWarehouseEvent } from "../../../app/tracking/apply-warehouse-event.server";
import { marketplaceEnv, testConfig, TEST_API_KEY, TEST_API_SECRET } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder } from "../../helpers/seed";
import { startEtsySandbox, type EtsySandbox } from "../../sandboxes/etsy";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { startTiktokSandbox, type TiktokSandbox } from "../../sandboxes/tiktok";
import { ETSY_USER_ID, seedMultiChannelShop, TTS_OTHER_WAREHOUSE, type MultiChannelShop } from "./multi-channel-world";
import { expectedAts, skuName, stockContext, writeStock } from "./stock-world";

let world: IsolatedWorld;
let shopify: ShopifySandbox;
let tts: TiktokSandbox;
let queues: Queues;
// Per test: the Etsy sandbox's consent always grants its first shop, so each test gets its own Etsy.
let etsy: EtsySandbox;
let config: Config;
let dispatcher: StockDispatcher;
let worker: Worker;
let shopSeq = 0;

beforeAll(async () => {
  world = await isolatedWorld();
  shopify = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, plan: "standard" });
  tts = await startTiktokSandbox();
  queues = createQueues(world.redisUrl, world.queuePrefix);
});

beforeEach(async () => {
  etsy = await startEtsySandbox();
  config = testConfig(world, {
    SHOPIFY_ADMIN_API_ORIGIN: shopify.url,
    ...marketplaceEnv({ etsy, tiktok: tts }),
  });
  const ctx = stockContext(world.db, config, queues);
  dispatcher = await startStockChangeDispatcher({ sql: world.sql, queues, logger: ctx.logger, windowMs: 200, sweepEveryMs: 500 });
  worker = new Worker(QUEUE.pushStock, async (job) => processPushStock(ctx, job.data), { connection: redisConnection(world.redisUrl), prefix: clusterSafePrefix(world.queuePrefix), concurrency: 4 });
});

afterEach(async () => {
  await worker.close();
  await dispatcher.close();
  await etsy.close();
});

afterAll(async () => {
  await queues.close();
  await tts.close();
  await shopify.close();
  await world.cleanup();
});

async function seed(skuCount = 4): Promise<MultiChannelShop> {
  shopSeq += 1;
  return seedMultiChannelShop(world.db, config, { shopify, etsy, tts }, { domain: `multi${shopSeq}.myshopify.com`, etsyShopId: 4200 + shopSeq, skuCount });
}

/** SKUs whose storefront quantity is not ATS, per storefront, read from the sandboxes. */
async function drift(shop: MultiChannelShop, storefronts: Array<"shopify" | "etsy" | "tiktok"> = ["shopify", "etsy", "tiktok"]) {
  const ats = await expectedAts(world.db, shop);
  const levels = { shopify: shop.storefrontLevels(), etsy: shop.etsyLevels(), tiktok: shop.tiktokLevels() };
  return storefronts.flatMap((s) => shop.skus.filter((sku) => levels[s].get(sku) !== (ats.get(sku) ?? 0)).map((sku) => `${s}:${sku}`));
}

const pendingFor = async (connectionId: number) => (await world.db.select().from(stockChanges).where(eq(stockChanges.connectionId, connectionId))).length;
const statusOf = async (connectionId: number) => (await world.db.select({ status: channelConnections.status }).from(channelConnections).where(eq(channelConnections.id, connectionId)))[0]?.status;
const failedPushes = async (connectionId: number) =>
  (await world.db.select().from(stockPushLog).where(and(eq(stockPushLog.connectionId, connectionId), eq(stockPushLog.outcome, "failed")))).length;

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 25_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("stock sync to every storefront of a shop", () => {
  it("sets Shopify, Etsy and TikTok to ATS after warehouse stock, a routing reservation and a stock report, leaving what Corridor does not own untouched", async () => {
    // GIVEN a shop selling 4 SKUs on Shopify, Etsy and TikTok, with warehouse stock arriving
    const shop = await seed(4);
    const etsyOtherBefore = structuredClone(etsy.state.listings.get(shop.etsyOtherListingId)!.inventory);
    await writeStock(world.db, shop, 0, 4, (i, w) => 3 + i + w);
    await waitFor("first sync", async () => (await drift(shop)).length === 0);

    // WHEN routing reserves 2 units of SKU-00000 for a US order
    const order = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: skuName(0), quantity: 2 }]));
    const routed = await routeAndReserve(world.db, order.orderId, order.revision, { now: new Date(), correlationId: "multi-route" });
    expect(routed.kind).toBe("routed");
    // AND the Reno warehouse reports a new count of SKU-00003
    const [reno] = await world.db.select().from(warehouses).where(and(eq(warehouses.shopId, shop.shopId), eq(warehouses.code, "US-RNO")));
    await world.db.update(warehouses).set({ connectorConfig: sql`${warehouses.connectorConfig} || '{"partnerLocationId":"RNO"}'::jsonb` }).where(eq(warehouses.id, reno!.id));
    await world.db.transaction((tx) =>
      applyWarehouseEvent(tx, shop.shopId, "sandbox", { kind: "stock.changed", levels: [{ sku: skuName(3), partnerLocationId: "RNO", onHand: 40, committed: 0, available: 40, reportedAt: new Date().toISOString() }] }),
    );
    const ats = await expectedAts(world.db, shop);
    expect(ats.get(skuName(3))).toBeGreaterThan(40);

    // THEN every storefront shows the new available quantities, read from each sandbox
    await waitFor("every storefront at ATS", async () => (await drift(shop)).length === 0);
    expect(shop.etsyLevels().get(skuName(3))).toBe(ats.get(skuName(3)));
    expect(shop.tiktokLevels().get(skuName(0))).toBe(ats.get(skuName(0)));
    // AND Etsy's variant Corridor does not stock kept its quantity and price, its other listing was never written
    const listing = etsy.state.listings.get(shop.etsyListingId)!;
    const print = listing.inventory.products.find((p) => p.sku === "ETSY-ONLY-PRINT")!;
    expect(print.offerings[0]).toMatchObject({ quantity: 7, price: { amount: 3450, divisor: 100, currency_code: "USD" } });
    expect(listing.inventory.products.map((p) => p.sku).sort()).toEqual([...shop.skus, "ETSY-ONLY-PRINT"].sort());
    expect(etsy.state.listings.get(shop.etsyOtherListingId)!.inventory).toEqual(etsyOtherBefore);
    expect(etsy.state.records.inventoryUpdates.every((u) => u.listingId === String(shop.etsyListingId))).toBe(true);
    // AND TikTok's other warehouse of the last SKU still holds the seller's 5
    expect(tts.state.quantityOf(shop.ttsProductId, shop.ttsSkuIds.get(skuName(3))!, TTS_OTHER_WAREHOUSE)).toBe(5);
    // AND each connection consumes its own outbox rows (deleted once its push has landed)
    await waitFor("nothing pending", async () => (await Promise.all([shop.connectionId, shop.etsyConnectionId, shop.ttsConnectionId].map(pendingFor))).every((n) => n === 0));
  });

  it("keeps Shopify and TikTok converging while Etsy has revoked Corridor, and keeps Etsy's changes for the reconnect", async () => {
    // GIVEN a synced shop whose seller then revoked Corridor on Etsy
    const shop = await seed(3);
    await writeStock(world.db, shop, 0, 3, () => 5);
    await waitFor("first sync", async () => (await drift(shop)).length === 0);
    const etsyBefore = shop.etsyLevels();
    etsy.state.revokeUser(ETSY_USER_ID + 4200 + shopSeq);

    // WHEN stock changes
    await writeStock(world.db, shop, 0, 3, (i) => 9 + i);

    // THEN Shopify and TikTok converge, and Etsy is flagged for the merchant to reconnect
    await waitFor("Shopify and TikTok at ATS", async () => (await drift(shop, ["shopify", "tiktok"])).length === 0);
    await waitFor("Etsy flagged", async () => (await statusOf(shop.etsyConnectionId)) === "needs_reauth");
    // AND Etsy was not changed and its pending changes are kept, while the others' are consumed
    expect(shop.etsyLevels()).toEqual(etsyBefore);
    await waitFor("Shopify's and TikTok's changes consumed", async () => (await pendingFor(shop.connectionId)) === 0 && (await pendingFor(shop.ttsConnectionId)) === 0);
    expect(await pendingFor(shop.etsyConnectionId)).toBeGreaterThan(0);

    // WHEN the merchant reconnects Etsy (new tokens)
    const tokens = etsy.state.issueTokens(ETSY_USER_ID + 4200 + shopSeq);
    await world.db
      .update(channelConnections)
      .set({ status: "connected", credentials: sql`${channelConnections.credentials} || ${JSON.stringify({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token })}::jsonb` })
      .where(eq(channelConnections.id, shop.etsyConnectionId));
    // THEN the kept changes reach Etsy too (the sweep picks the connection up again)
    await waitFor("Etsy at ATS after the reconnect", async () => (await drift(shop)).length === 0);
    await waitFor("Etsy's kept changes consumed", async () => (await pendingFor(shop.etsyConnectionId)) === 0);
  });

  it("waits out Etsy's 429 and TikTok's rate-limit answers and converges without a failed push", async () => {
    // GIVEN both marketplaces about to answer the next calls with their rate-limit errors
    const shop = await seed(3);
    etsy.state.faults.throttleNext = 2;
    etsy.state.faults.retryAfterS = 1;
    tts.state.faults.throttleNext = 2;
    const etsyRequests = etsy.state.records.requests.length;
    const ttsRequests = tts.state.records.requests.length;

    // WHEN stock changes
    await writeStock(world.db, shop, 0, 3, (i, w) => 2 + i * w);

    // THEN every storefront converges
    await waitFor("every storefront at ATS", async () => (await drift(shop)).length === 0);
    // AND both platforms did refuse calls with 429, yet no push failed: each run was retried after the delay
    expect(etsy.state.records.requests.slice(etsyRequests).filter((r) => r.status === 429)).toHaveLength(2);
    expect(tts.state.records.requests.slice(ttsRequests).filter((r) => r.status === 429)).toHaveLength(2);
    expect(await failedPushes(shop.etsyConnectionId)).toBe(0);
    expect(await failedPushes(shop.ttsConnectionId)).toBe(0);
  });
});
