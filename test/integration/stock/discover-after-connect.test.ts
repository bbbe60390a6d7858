/**
 * A storefront connected after the stock was written gets its backlog: the connect callback queues
 * catalog discovery, the maintenance worker maps the TikTok listings, and the full push it queues
 * sets every listed SKU to ATS — read from the TikTok sandbox's own state.
 */
import { Worker } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { beginChannelConnect } from "../../../app/channels/connect-flow.server";
import type { Config } from "../../../app/config.server";
import { QUEUE } from "../../../app/queues/names";
import { processMaintenance } from "../../../app/queues/processors/maintenance.server";
import { clusterSafePrefix, createQueues, redisConnection, type Queues } from "../../../app/queues/queues.server";
import { processPushStock } from "../../../app/stock/process-push-stock.server";
import { marketplaceEnv, testConfig, TEST_API_KEY, TEST_API_SECRET, TEST_ENCRYPTION_KEYS } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { startTiktokSandbox, type TiktokSandbox } from "../../sandboxes/tiktok";
import { expectedAts, seedStockShop, skuName, stockContext, writeStock } from "./stock-world";

const APP = "https://corridor.example";
let world: IsolatedWorld;
let shopify: ShopifySandbox;
let tts: TiktokSandbox;
let queues: Queues;
let config: Config;
let workers: Worker[];

beforeAll(async () => {
  world = await isolatedWorld();
  shopify = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET });
  tts = await startTiktokSandbox({ redirectUri: `${APP}/channels/tiktok/callback` });
  const env = {
    SHOPIFY_APP_URL: APP,
    CORRIDOR_DEMO_MODE: "1",
    ...marketplaceEnv({ tiktok: tts }),
    SHOPIFY_ADMIN_API_ORIGIN: shopify.url,
  };
  config = testConfig(world, env);
  // The callback route reads the process's config, as in production.
  Object.assign(process.env, { NODE_ENV: "test", SHOPIFY_API_KEY: TEST_API_KEY, SHOPIFY_API_SECRET: TEST_API_SECRET, SCOPES: "read_orders", DATABASE_URL: world.databaseUrl, REDIS_URL: world.redisUrl, QUEUE_PREFIX: world.queuePrefix, LOG_LEVEL: "silent", CORRIDOR_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS, ...env });
  queues = createQueues(world.redisUrl, world.queuePrefix);
  const ctx = stockContext(world.db, config, queues);
  const opts = () => ({ connection: redisConnection(world.redisUrl), prefix: clusterSafePrefix(world.queuePrefix) });
  workers = [
    new Worker(QUEUE.pushStock, async (job) => processPushStock(ctx, job.data), opts()),
    new Worker(QUEUE.maintenance, async (job) => processMaintenance(ctx, job.data, job), opts()),
  ];
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await queues.close();
  await tts.close();
  await shopify.close();
  await world.cleanup();
});

it("GIVEN stock written before TikTok Shop was connected WHEN the merchant connects it THEN its listed SKUs reach ATS with no other step", async () => {
  // GIVEN a shop with stock, and a TikTok shop listing three of its SKUs at 0
  const shop = await seedStockShop(world.db, shopify, { domain: "late-connect.myshopify.com", skuCount: 4 });
  await writeStock(world.db, shop, 0, 4, (i, w) => 20 + i + w * 2, () => 2);
  const ttsShop = tts.state.addShop("Late connect");
  const product = tts.state.addProduct(ttsShop.id, [0, 1, 2].map((i) => ({ sellerSku: skuName(i), warehouses: { "7100000000000000009": 0 } })));

  // WHEN the merchant goes through TikTok's consent and comes back to the callback
  const consentUrl = await beginChannelConnect({ db: world.db, config, now: new Date() }, shop.shopId, "tiktok");
  const consent = await fetch(consentUrl, { redirect: "manual" });
  const back = consent.headers.get("location")!;
  const { loader } = await import("../../../app/routes/channels.$channel.callback/route");
  const res = (await loader({ request: new Request(back), params: { channel: "tiktok" }, context: {} } as Parameters<typeof loader>[0])) as Response;
  expect(new URL(res.headers.get("location")!, APP).searchParams.get("connected")).toBe("tiktok");

  // THEN, with only the workers running, the storefront converges on ATS
  const ats = await expectedAts(world.db, shop);
  const levels = () => product.skus.map((s) => tts.state.quantityOf(product.id, s.id, "7100000000000000009"));
  const want = [0, 1, 2].map((i) => ats.get(skuName(i)));
  for (let i = 0; i < 200 && JSON.stringify(levels()) !== JSON.stringify(want); i++) await new Promise((r) => setTimeout(r, 50));
  expect(levels()).toEqual(want);
  expect(want.every((q) => (q ?? 0) > 0)).toBe(true);
});
