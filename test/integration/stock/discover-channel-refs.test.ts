/**
 * Catalog discovery: an Etsy shop and a TikTok Shop connected after the stock was written, with
 * their listings in the sandboxes and no refs in Corridor. Discovery reads the catalogs page by
 * page, maps SKUs into skus.channel_refs, reports what it cannot map, and queues a full push that
 * brings both storefronts to ATS; later stock changes flow through the ordinary push. Assertions
 * read the sandboxes' own state.
 */
import { PassThrough } from "node:stream";
import { Job, Worker } from "bullmq";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { saveConnectedAccounts } from "../../../app/channels/connection-store.server";
import { marketplaceChannels } from "../../../app/channels/registry.server";
import type { Config } from "../../../app/config.server";
import { exceptions, skus as skusTable } from "../../../app/db/schema";
import { SecretBox } from "../../../app/lib/secret-box.server";
import { QUEUE } from "../../../app/queues/names";
import { processMaintenance } from "../../../app/queues/processors/maintenance.server";
import { clusterSafePrefix, createQueues, redisConnection, type Queues } from "../../../app/queues/queues.server";
import { followDiscovery } from "../../../app/stock/discover-cli.server";
import { discoverChannelRefs } from "../../../app/stock/discover-channel-refs.server";
import { processPushStock, runStockPush } from "../../../app/stock/process-push-stock.server";
import { marketplaceEnv, testConfig, TEST_API_KEY, TEST_API_SECRET, TEST_ENCRYPTION_KEYS } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { startEtsySandbox, type EtsySandbox } from "../../sandboxes/etsy";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { startTiktokSandbox, type TiktokSandbox } from "../../sandboxes/tiktok";
import { expectedAts, seedStockShop, skuName, stockContext, writeStock, type StockShop } from "./stock-world";

const TTS_WAREHOUSE = "7100000000000000001";
const TTS_OTHER_WAREHOUSE = "7100000000000000002";
/** More listings than one page of either API (100), so discovery must follow the cursor. */
const FILLERS = 101;

let world: IsolatedWorld;
let shopify: ShopifySandbox;
let tts: TiktokSandbox;
let etsy: EtsySandbox;
let queues: Queues;
let config: Config;
let workers: Worker[];
let shopSeq = 0;

beforeAll(async () => {
  world = await isolatedWorld();
  shopify = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET });
  tts = await startTiktokSandbox({ perSecond: 500 });
  queues = createQueues(world.redisUrl, world.queuePrefix);
});

beforeEach(async () => {
  // Per test: the Etsy sandbox's consent grants its first shop. A high QPS keeps 100+ inventory reads quick;
  // the client still paces itself from Etsy's headers.
  etsy = await startEtsySandbox({ perSecond: 200 });
  config = testConfig(world, {
    SHOPIFY_ADMIN_API_ORIGIN: shopify.url,
    ...marketplaceEnv({ etsy, tiktok: tts }),
  });
  const ctx = stockContext(world.db, config, queues);
  const opts = { connection: redisConnection(world.redisUrl), prefix: clusterSafePrefix(world.queuePrefix) };
  workers = [
    new Worker(QUEUE.pushStock, async (job) => processPushStock(ctx, job.data), opts),
    new Worker(QUEUE.maintenance, async (job) => processMaintenance(ctx, job.data, job), { ...opts, connection: redisConnection(world.redisUrl) }),
  ];
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await etsy.close();
});

afterAll(async () => {
  await queues.close();
  await tts.close();
  await shopify.close();
  await world.cleanup();
});

interface World {
  shop: StockShop;
  etsyShopId: number;
  etsyConnectionId: number;
  ttsConnectionId: number;
  /** listing per SKU; SKU 1 also has a second listing (ambiguous). */
  etsyListing: Map<string, number>;
  etsySecondListing: number;
  ttsProductId: string;
  ttsSkuIds: Map<string, string>;
}

/**
 * GIVEN a shop with stock for SKU 0..5 written BEFORE Etsy and TikTok are connected (so they have no
 * pending changes), and storefronts listing: SKU 0..4 (SKU 1 twice), a SKU Corridor does not know,
 * 101 listings without SKUs (a second page), SKU 5 only as an Etsy draft.
 */
async function seed(): Promise<World> {
  shopSeq++;
  const shop = await seedStockShop(world.db, shopify, { domain: `disc${shopSeq}.myshopify.com`, skuCount: 6 });
  await writeStock(world.db, shop, 0, 6, (i, w) => 10 + i * 3 + w, () => 1);
  const channels = marketplaceChannels(config);
  const box = SecretBox.fromSpec(TEST_ENCRYPTION_KEYS);

  const etsyShopId = 7700 + shopSeq;
  etsy.state.addShop(etsyShopId, 91_000 + shopSeq);
  const etsyListing = new Map<string, number>();
  for (let i = 0; i < 5; i++) etsyListing.set(skuName(i), etsy.state.addListing(etsyShopId, [{ sku: skuName(i), quantity: 0 }]).listing_id);
  const second = etsy.state.addListing(etsyShopId, [{ sku: skuName(1), quantity: 4 }, { sku: "ETSY-ONLY-PRINT", quantity: 7 }]);
  for (let i = 0; i < FILLERS; i++) etsy.state.addListing(etsyShopId, [{ sku: "", quantity: 1 }]);
  etsy.state.addListing(etsyShopId, [{ sku: skuName(5), quantity: 0 }]).state = "draft";
  const redirectUri = "https://corridor.example/channels/etsy/callback";
  const start = channels.etsy!.beginConnect({ redirectUri, state: "st" });
  const code = new URL((await fetch(start.url, { redirect: "manual" })).headers.get("location")!).searchParams.get("code")!;
  const etsyAccounts = await channels.etsy!.completeConnect({ code, redirectUri, verifier: start.verifier, now: new Date() });
  const [etsyConnectionId] = await saveConnectedAccounts(world.db, box, shop.shopId, "etsy", etsyAccounts, new Date());

  const ttsShop = tts.state.addShop(`TTS disc${shopSeq}`);
  const product = tts.state.addProduct(ttsShop.id, [0, 1, 2, 3].map((i) => ({ sellerSku: skuName(i), warehouses: { [TTS_WAREHOUSE]: 0 } })));
  // SKU 4 sells from Corridor's warehouse and the seller's own: the other stays as it is.
  const withOther = tts.state.addProduct(ttsShop.id, [{ sellerSku: skuName(4), warehouses: { [TTS_WAREHOUSE]: 0, [TTS_OTHER_WAREHOUSE]: 5 } }]);
  tts.state.addProduct(ttsShop.id, [{ sellerSku: skuName(2), warehouses: { [TTS_WAREHOUSE]: 2 } }, { sellerSku: "TTS-ONLY-MUG", warehouses: { [TTS_WAREHOUSE]: 9 } }]);
  for (let i = 0; i < FILLERS; i++) tts.state.addProduct(ttsShop.id, [{ sellerSku: "", warehouses: { [TTS_WAREHOUSE]: 1 } }]);
  const ttsAccounts = await channels.tiktok!.completeConnect({ code: tts.state.issueAuthCode([ttsShop.id]), redirectUri: "", now: new Date() });
  const [ttsConnectionId] = await saveConnectedAccounts(world.db, box, shop.shopId, "tiktok", ttsAccounts.map((a) => ({ ...a, credentials: { ...a.credentials, warehouseId: TTS_WAREHOUSE } })), new Date());

  const ttsSkuIds = new Map([...product.skus, ...withOther.skus].map((s) => [s.seller_sku, s.id]));
  const ttsProductOf = (sku: string) => (sku === skuName(4) ? withOther.id : product.id);
  return { shop, etsyShopId, etsyConnectionId: etsyConnectionId!, ttsConnectionId: ttsConnectionId!, etsyListing, etsySecondListing: second.listing_id, ttsProductId: product.id, ttsSkuIds: new Map([...ttsSkuIds].map(([sku, id]) => [sku, `${ttsProductOf(sku)}/${id}`])) };
}

const refsOf = async (shopId: number) =>
  new Map((await world.db.select({ sku: skusTable.sku, refs: skusTable.channelRefs }).from(skusTable).where(eq(skusTable.shopId, shopId))).map((r) => [r.sku, r.refs as Record<string, Record<string, string>>]));

const etsyLevel = (w: World, sku: string) => etsy.state.quantityOf(w.etsyListing.get(sku)!, sku);
const ttsLevel = (w: World, sku: string, warehouse = TTS_WAREHOUSE) => {
  const [productId, skuId] = w.ttsSkuIds.get(sku)!.split("/");
  return tts.state.quantityOf(productId!, skuId!, warehouse);
};

async function waitForJob(queue: string, jobId: string): Promise<Job> {
  for (let i = 0; i < 400; i++) {
    const job = await Job.fromId(queues.get(queue as typeof QUEUE.pushStock), jobId);
    const state = await job?.getState();
    if (state === "completed") return job!;
    if (state === "failed") throw new Error(`${jobId} failed: ${job!.failedReason}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${jobId} did not finish`);
}

describe("channel ref discovery", () => {
  it("maps a fresh Etsy and TikTok catalog over two pages, reports unknown and ambiguous SKUs, and the full push brings both to ATS", async () => {
    const w = await seed();
    const ctx = stockContext(world.db, config, queues);
    const ats = await expectedAts(world.db, w.shop);

    // WHEN discovery runs for each new connection
    const etsyReport = await discoverChannelRefs(ctx, w.etsyConnectionId, { correlationId: "t1-etsy" });
    const ttsReport = await discoverChannelRefs(ctx, w.ttsConnectionId, { correlationId: "t1-tts" });

    // THEN both catalogs were read past their first page, and what could not be mapped is reported
    expect(etsyReport).toMatchObject({ pages: 2, withoutSku: FILLERS, matched: 4, changed: 4, unknown: ["ETSY-ONLY-PRINT"], ambiguous: [skuName(1)] });
    expect(ttsReport).toMatchObject({ pages: 2, withoutSku: FILLERS, matched: 4, changed: 4, unknown: ["TTS-ONLY-MUG"], ambiguous: [skuName(2)] });
    // … the refs are merged per channel, Shopify's kept; ambiguous, unknown and draft-only SKUs get none
    const refs = await refsOf(w.shop.shopId);
    expect(refs.get(skuName(0))).toEqual({
      shopify: expect.objectContaining({ inventoryItemId: expect.any(String) }),
      etsy: { listingId: String(w.etsyListing.get(skuName(0))) },
      tiktok: { productId: w.ttsProductId, skuId: w.ttsSkuIds.get(skuName(0))!.split("/")[1], warehouseIds: TTS_WAREHOUSE },
    });
    expect(refs.get(skuName(4))!.tiktok!.warehouseIds).toBe([TTS_WAREHOUSE, TTS_OTHER_WAREHOUSE].sort().join(","));
    expect(refs.get(skuName(1))!.etsy).toBeUndefined();
    expect(refs.get(skuName(2))!.tiktok).toBeUndefined();
    expect(refs.get(skuName(5))!.etsy).toBeUndefined();
    expect(refs.has("ETSY-ONLY-PRINT")).toBe(false);
    expect(refs.has("TTS-ONLY-MUG")).toBe(false);
    // … and the merchant sees the SKUs listed twice, one open exception per connection
    const open = await world.db.select().from(exceptions).where(and(eq(exceptions.subject, `catalog:${w.etsyConnectionId}`), eq(exceptions.status, "open")));
    expect(open).toHaveLength(1);
    expect(open[0]!.merchantMessage).toContain(skuName(1));

    // … and the queued full pushes ("all") bring every mapped SKU to ATS on both storefronts
    const etsyPush = await waitForJob(QUEUE.pushStock, etsyReport.pushJobId!);
    expect(etsyPush.data).toMatchObject({ scope: "all", connectionId: w.etsyConnectionId });
    await waitForJob(QUEUE.pushStock, ttsReport.pushJobId!);
    for (const sku of [0, 2, 3, 4].map(skuName)) expect(etsyLevel(w, sku)).toBe(ats.get(sku));
    for (const sku of [0, 1, 3, 4].map(skuName)) expect(ttsLevel(w, sku)).toBe(ats.get(sku));
    // The ambiguous SKU was pushed to neither of its places; the seller's own TikTok warehouse kept its 5.
    expect(etsy.state.quantityOf(w.etsySecondListing, skuName(1))).toBe(4);
    expect(etsyLevel(w, skuName(1))).toBe(0);
    expect(ttsLevel(w, skuName(4), TTS_OTHER_WAREHOUSE)).toBe(5);

    // WHEN a stock change follows THEN the ordinary push carries it to both sandboxes
    await writeStock(world.db, w.shop, 3, 4, () => 40, () => 0);
    const after = (await expectedAts(world.db, w.shop)).get(skuName(3));
    expect(after).not.toBe(ats.get(skuName(3)));
    for (const connectionId of [w.etsyConnectionId, w.ttsConnectionId]) expect((await runStockPush(ctx, connectionId, { scope: "changes" })).status).toBe("pushed");
    expect(etsyLevel(w, skuName(3))).toBe(after);
    expect(ttsLevel(w, skuName(3))).toBe(after);
  });

  it("changes nothing when run again: same refs, no new writes to the storefronts", async () => {
    // GIVEN a discovered and fully pushed shop
    const w = await seed();
    const ctx = stockContext(world.db, config, queues);
    for (const id of [w.etsyConnectionId, w.ttsConnectionId]) await waitForJob(QUEUE.pushStock, (await discoverChannelRefs(ctx, id, { correlationId: "t2-first" })).pushJobId!);
    const refsBefore = await refsOf(w.shop.shopId);
    const writesBefore = [etsy.state.records.inventoryUpdates.length, tts.state.records.inventoryUpdates.length];

    // WHEN discovery runs again (as the daily schedule does)
    const again = await discoverChannelRefs(ctx, w.etsyConnectionId, { correlationId: "t2-again" });
    const ttsAgain = await discoverChannelRefs(ctx, w.ttsConnectionId, { correlationId: "t2-again" });
    await waitForJob(QUEUE.pushStock, again.pushJobId!);
    await waitForJob(QUEUE.pushStock, ttsAgain.pushJobId!);

    // THEN no ref changed, and the full pushes found every storefront already at ATS
    expect([again.changed, ttsAgain.changed]).toEqual([0, 0]);
    expect([again.matched, ttsAgain.matched]).toEqual([4, 4]);
    expect(await refsOf(w.shop.shopId)).toEqual(refsBefore);
    expect(await world.db.select().from(exceptions).where(eq(exceptions.subject, `catalog:${w.ttsConnectionId}`))).toHaveLength(1);
    expect([etsy.state.records.inventoryUpdates.length, tts.state.records.inventoryUpdates.length]).toEqual(writesBefore);
  });

  it("drops a ref that became ambiguous, so the SKU is no longer pushed to either listing", async () => {
    // GIVEN SKU 0 mapped to its one listing
    const w = await seed();
    const ctx = stockContext(world.db, config, queues);
    await discoverChannelRefs(ctx, w.etsyConnectionId, { correlationId: "t3-first" });
    expect((await refsOf(w.shop.shopId)).get(skuName(0))!.etsy).toBeDefined();
    // WHEN the merchant lists SKU 0 a second time and discovery runs again
    const dup = etsy.state.addListing(w.etsyShopId, [{ sku: skuName(0), quantity: 2 }]);
    const report = await discoverChannelRefs(ctx, w.etsyConnectionId, { correlationId: "t3-again" });
    // THEN it is reported ambiguous and its ref is gone; the new listing is left alone
    expect(report.ambiguous).toEqual([skuName(0), skuName(1)]);
    expect((await refsOf(w.shop.shopId)).get(skuName(0))!.etsy).toBeUndefined();
    await waitForJob(QUEUE.pushStock, report.pushJobId!);
    expect(etsy.state.quantityOf(dup.listing_id, skuName(0))).toBe(2);

    // WHEN the merchant deactivates both duplicates and discovery runs again
    dup.state = "inactive";
    etsy.state.listings.get(w.etsySecondListing)!.state = "inactive";
    const fixed = await discoverChannelRefs(ctx, w.etsyConnectionId, { correlationId: "t3-fixed" });
    // THEN nothing is ambiguous, SKU 0 is mapped again and the merchant's exception is closed
    expect(fixed.ambiguous).toEqual([]);
    expect((await refsOf(w.shop.shopId)).get(skuName(0))!.etsy).toEqual({ listingId: String(w.etsyListing.get(skuName(0))) });
    const [exception] = await world.db.select().from(exceptions).where(eq(exceptions.subject, `catalog:${w.etsyConnectionId}`));
    expect(exception!.status).toBe("resolved");
  });

  it("`corridor channels discover` runs through the maintenance worker and shows progress", async () => {
    // GIVEN a fresh TikTok connection and a running maintenance worker
    const w = await seed();
    const stderr = new PassThrough();
    let progress = "";
    stderr.on("data", (chunk: Buffer) => (progress += chunk.toString()));

    // WHEN the operator asks for discovery of it
    const result = await followDiscovery(queues, w.ttsConnectionId, { now: new Date(), stderr, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) });

    // THEN the worker's report comes back, with the progress line on stderr, and the refs are stored
    expect(result.summary).toContain(`tiktok connection ${w.ttsConnectionId}`);
    expect(result.report).toMatchObject({ matched: 4, unknown: ["TTS-ONLY-MUG"], ambiguous: [skuName(2)] });
    expect(progress).toContain("page");
    const [row] = await world.db.select({ refs: skusTable.channelRefs }).from(skusTable).where(and(eq(skusTable.shopId, w.shop.shopId), eq(skusTable.sku, skuName(0))));
    expect((row!.refs as Record<string, unknown>).tiktok).toMatchObject({ productId: w.ttsProductId });
  });
});
