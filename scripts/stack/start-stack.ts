/**
 * The whole of Corridor on one machine, as real processes: the web process and N worker processes
 * (as in production), the Shopify, Etsy and TikTok Shop sandboxes as the demo shop's storefronts, and
 * the sandbox 3PL with warehouses in Vietnam, the US, the UK, Japan and Australia. The demo, the
 * end-to-end benchmarks and the chaos run all start it here; each brings its own Postgres and Redis.
 *
 *   const stack = await startStack({ databaseUrl, redisUrl, timeScale: 3600, logDir });
 *   await stack.placeOrder(order);  …  stack.workers[0].kill("SIGKILL");  …  await stack.stop();
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import { createAdminClient } from "../../app/channels/shopify/admin-client.server";
import { registerFulfillmentService } from "../../app/channels/shopify/fulfillment/register-fulfillment-service.server";
import { parseConfig } from "../../app/config.server";
import { createDb, type Database } from "../../app/db/client.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import { freePort } from "../../app/dev/local-services.server";
import { logger } from "../../app/lib/logger.server";
import { deleteKeysMatching } from "../../app/lib/redis-keys";
import { secretBoxFor } from "../../app/lib/secret-box.server";
import { connectShopByToken } from "../../app/shops/connect-shop.server";
import { parseWarehouseImportFile, type WarehouseImportFile } from "../../app/warehouses/import-file";
import { importWarehouses } from "../../app/warehouses/import-warehouses.server";
import { startShopifySandbox } from "../../test/sandboxes/shopify";
import type { PlanName } from "../../test/sandboxes/shopify/cost";
import type { FaultConfig } from "../../test/sandboxes/warehouse/faults";
import { startWarehouseSandbox, type WarehouseSandbox } from "../../test/sandboxes/warehouse/server";
import type { DemoOrder } from "../demo/order-stream";
import { startManagedProcess, type ManagedProcess } from "./managed-process";
import { WORKER_ENV } from "./process-entry";
import { ALL_CHANNELS, connectMarketplaces, createOrder, startMarketplaces, type ChannelName, type CreatedOrder, type Marketplaces, type PlacedOrder, type ShopifyStorefront } from "./storefronts";

const root = path.resolve(import.meta.dirname, "../..");
export const DEMO_SHOP = "corridor-demo.myshopify.com";
export const DEMO_NETWORK_FILE = path.join(root, "scripts/seed/demo-warehouses.json");
const SCOPES = "read_orders,write_fulfillments,read_assigned_fulfillment_orders,write_assigned_fulfillment_orders,read_inventory,write_inventory,read_locations";

export interface StackOptions {
  /** An empty (or already migrated) database: migrations are applied here. */
  databaseUrl: string;
  redisUrl: string;
  /** Web port (default: a free one). */
  port?: number;
  /** Warehouse and carrier clock speed-up (3600: an hour a second). */
  timeScale: number;
  /** Storefronts to open (default: all three). */
  channels?: readonly ChannelName[];
  /** Extra environment for the web and worker processes (LOG_LEVEL, WORKER_CONCURRENCY…). */
  env?: Record<string, string>;
  /** Worker processes (default 1). */
  workerCount?: number;
  /** Where <name>.log of each process goes. */
  logDir: string;
  /** Faults the sandbox 3PL starts with (changeable later through stack.warehouse.faults). */
  warehouseFaults?: Partial<FaultConfig>;
  /** The demo shop's Shopify plan, i.e. its Admin API rate limit (default "standard": 100 points/s). */
  shopifyPlan?: PlanName;
  /** Shopify's webhook retry waits are multiplied by this (default 0.001: 1 minute → 60 ms). */
  webhookTimeScale?: number;
  /** Stock per warehouse and SKU instead of the import file's (e.g. plenty, for long runs). */
  stockOverride?: (warehouseCode: string, sku: string, onHand: number) => number;
  say?: (message: string) => void;
}

export interface Stack {
  appUrl: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** `user:password` of bull-board at /operator/queues. */
  operator: string;
  shopDomain: string;
  /** Corridor's id of the demo shop. */
  shopId: number;
  /** The warehouse network and catalogue the shop was seeded from. */
  network: WarehouseImportFile;
  channels: readonly ChannelName[];
  db: Database;
  shopify: ShopifyStorefront;
  marketplaces: Marketplaces;
  warehouse: WarehouseSandbox;
  web: ManagedProcess;
  workers: ManagedProcess[];
  /** The environment the processes run with (for starting more). */
  env: NodeJS.ProcessEnv;
  /** A shopper's order on a storefront; its webhook is sent `times` times and retried until accepted. */
  placeOrder(order: DemoOrder, opts?: { times?: number }): Promise<PlacedOrder>;
  /** The order recorded on the platform, its webhook left for the caller to send (out of order). */
  createOrder(order: DemoOrder): CreatedOrder;
  /** Waits until the web process answers /readyz. */
  webReady(timeoutMs?: number): Promise<void>;
  /** Stops processes, sandboxes and connections; removes this stack's queue keys. */
  stop(): Promise<void>;
}

export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const say = opts.say ?? (() => {});
  const channels = opts.channels ?? ALL_CHANNELS;
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => say(`stop failed: ${String(e)}`));
  };
  try {
    await migrateDatabase(opts.databaseUrl);
    const queuePrefix = `corridor-stack-${process.pid}-${randomBytes(3).toString("hex")}`;
    stops.push(async () => {
      // The stack's queues go with it; Redis is transport, nothing there is needed after.
      const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 3 });
      await deleteKeysMatching(redis, `{${queuePrefix}}*`).catch(() => undefined);
      redis.disconnect();
    });

    const port = opts.port ?? (await freePort());
    const appUrl = `http://127.0.0.1:${port}`;
    const apiKey = "corridor-demo";
    const apiSecret = randomBytes(24).toString("hex");
    const accessToken = `shpat_demo_${randomBytes(8).toString("hex")}`;
    const operator = `ops:${randomBytes(6).toString("hex")}`;

    // The partner warehouses, holding the stock the import file describes.
    const parsed = parseWarehouseImportFile(await readFile(DEMO_NETWORK_FILE, "utf8"));
    if (!parsed.ok) throw new Error("scripts/seed/demo-warehouses.json is invalid");
    const network = parsed.file;
    if (opts.stockOverride) {
      for (const w of network.warehouses) for (const [sku, s] of Object.entries(w.stock)) s.onHand = opts.stockOverride(w.code, sku, s.onHand);
    }
    const stock = Object.fromEntries(network.warehouses.map((w) => [w.code, Object.fromEntries(Object.entries(w.stock).map(([sku, s]) => [sku, s.onHand]))]));
    const warehouse = await startWarehouseSandbox({
      warehouses: network.warehouses.map((w) => w.code),
      clock: { mode: "real", timeScale: opts.timeScale },
      stock,
      tenants: [{ name: "demo", apiKey: "demo-3pl-key" }],
      ...(opts.warehouseFaults ? { faults: opts.warehouseFaults } : {}),
    });
    stops.push(() => warehouse.close());

    // The storefronts: Shopify, and the marketplaces listing the catalogue at its total stock.
    const shopify = await startShopifySandbox({ apiKey, apiSecret, plan: opts.shopifyPlan ?? "standard", webhookTimeScale: opts.webhookTimeScale ?? 0.001 });
    // The sandbox's close() awaits webhook retry cycles it has just cancelled, which never settle: bounded here.
    stops.push(() => Promise.race([shopify.close(), new Promise((r) => setTimeout(r, 3000).unref())]));
    shopify.webhooks.subscribe(`${appUrl}/webhooks/shopify`);
    const shop = shopify.addShop(DEMO_SHOP, { accessToken, currency: "USD" });
    // The catalogue is listed on Shopify before the first order, so stock has somewhere to go.
    for (const p of network.products) shopify.merchant.ensureItem(shop, { sku: p.sku, weightGrams: p.weightGrams, hsCode: p.hsCode ?? null, countryOfOrigin: p.countryOfOrigin ?? null });
    const totals = new Map<string, number>(network.products.map((p) => [p.sku, network.warehouses.reduce((n, w) => n + (w.stock[p.sku]?.onHand ?? 0), 0)]));
    const marketplaces = await startMarketplaces(channels, totals);
    stops.push(() => marketplaces.close());

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "development",
      SHOPIFY_API_KEY: apiKey,
      SHOPIFY_API_SECRET: apiSecret,
      SCOPES,
      SHOPIFY_APP_URL: appUrl,
      SHOPIFY_ADMIN_API_ORIGIN: shopify.url,
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl,
      QUEUE_PREFIX: queuePrefix,
      PORT: String(port),
      CORRIDOR_DEMO_MODE: "1",
      OPERATOR_CREDENTIALS: operator,
      LOG_LEVEL: "info",
      // The stack's own sealing key for channel tokens at rest (every process of the stack shares it).
      CORRIDOR_ENCRYPTION_KEYS: `stack:${randomBytes(32).toString("base64")}`,
      ...marketplaces.env,
      ...opts.env,
    };
    const config = parseConfig(env);

    // Corridor's own records: the shop, its Shopify connection, its warehouses, its marketplaces.
    const { db, close } = createDb(opts.databaseUrl, { max: 4 });
    stops.push(() => close());
    const { shopId } = await connectShopByToken(db, DEMO_SHOP, accessToken, secretBoxFor(config));
    await importWarehouses(db, DEMO_SHOP, network, { sandbox: { baseUrl: warehouse.url, apiKey: "demo-3pl-key", webhookSecret: warehouse.tenants[0]!.webhookSecret } }, secretBoxFor(config));
    warehouse.setWebhookUrl(`${appUrl}/webhooks/warehouses/sandbox/${shopId}`);
    await connectMarketplaces(db, config, shopId, marketplaces);

    const processes: ManagedProcess[] = [];
    stops.push(() => Promise.all(processes.map((p) => p.stop())));
    const web = startManagedProcess({ name: "web", script: "app/server.ts", env: { ...env, CORRIDOR_PROCESS: "web" }, logDir: opts.logDir, say });
    processes.push(web);
    const workers = Array.from({ length: opts.workerCount ?? 1 }, (_, i) => {
      const name = opts.workerCount && opts.workerCount > 1 ? `workers-${i + 1}` : "workers";
      return startManagedProcess({ name, script: "workers/main.ts", env: { ...env, ...WORKER_ENV, CORRIDOR_PROCESS: name }, logDir: opts.logDir, say });
    });
    processes.push(...workers);
    const webReady = (timeoutMs = 60_000) => waitUntil("the web process to be ready", async () => (await fetch(`${appUrl}/readyz`)).ok, timeoutMs);
    await webReady();

    // Corridor registers its fulfillment service, as it does when a merchant installs it.
    const admin = createAdminClient({ shopDomain: DEMO_SHOP, accessToken, origin: shopify.url, logger });
    const { locationId } = await registerFulfillmentService(admin, { appUrl, db });
    const storefront: ShopifyStorefront = { sandbox: shopify, shop, locationId: BigInt(locationId.slice(locationId.lastIndexOf("/") + 1)) };

    const where = { shopify: storefront, marketplaces };
    return {
      appUrl,
      databaseUrl: opts.databaseUrl,
      redisUrl: opts.redisUrl,
      queuePrefix,
      operator,
      shopDomain: DEMO_SHOP,
      shopId,
      network,
      channels,
      db,
      shopify: storefront,
      marketplaces,
      warehouse,
      web,
      workers,
      env,
      createOrder: (order) => createOrder(appUrl, order, where),
      async placeOrder(order, o = {}) {
        const created = createOrder(appUrl, order, where);
        await created.notify(o.times ?? 1);
        const { notify: _notify, ...placed } = created;
        return placed;
      },
      webReady,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
