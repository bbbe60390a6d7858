/**
 * `npm run demo`: Corridor end to end on one machine. Starts Postgres (embedded when DATABASE_URL is
 * unset) and Redis, the Shopify sandbox and a sandbox 3PL with warehouses in Vietnam, the US, the UK,
 * Japan and Australia, the web and worker processes (separately, as in production), seeds a demo
 * shop, then plays shoppers ordering from many countries. Orders flow: Shopify webhook → inbox →
 * fulfillment request → routing → 3PL → shipment → tracking back on the Shopify order. Prints where
 * to look and a live summary until Ctrl-C, which stops everything cleanly.
 *
 *   --rate <orders per second>   default 0.5
 *   --orders <n>                 stop creating orders after n (default: unlimited)
 *   --until shipped|delivered    with --orders: exit 0 once all n orders reached that stage
 *   --time-scale <n>             warehouse and carrier clock speed-up (default 3600: an hour a second)
 *   --port <n>                   web port (default 3000, or a free one)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import postgres from "postgres";
import { createAdminClient } from "../../app/channels/shopify/admin-client.server";
import { registerFulfillmentService } from "../../app/channels/shopify/fulfillment/register-fulfillment-service.server";
import { createDb } from "../../app/db/client.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import { ensureLocalServices, freePort } from "../../app/dev/local-services.server";
import { logger } from "../../app/lib/logger.server";
import { connectShopByToken } from "../../app/shops/connect-shop.server";
import { parseWarehouseImportFile } from "../../app/warehouses/import-file";
import { importWarehouses } from "../../app/warehouses/import-warehouses.server";
import { startShopifySandbox } from "../../test/sandboxes/shopify";
import { startWarehouseSandbox } from "../../test/sandboxes/warehouse/server";
import { orderStream } from "./order-stream";
import { readSummary, renderExceptions, renderSummary, type Stage } from "./summary";
import { deleteKeysMatching } from "../../app/lib/redis-keys";

const root = path.resolve(import.meta.dirname, "../..");
const DEMO_SHOP = "corridor-demo.myshopify.com";
const { values: opts } = parseArgs({
  options: {
    rate: { type: "string", default: "0.5" },
    orders: { type: "string" },
    until: { type: "string" },
    "time-scale": { type: "string", default: "3600" },
    port: { type: "string" },
  },
});
const say = (m: string) => process.stdout.write(`demo: ${m}\n`);
const stops: (() => Promise<unknown>)[] = [];
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  for (const stop of stops.reverse()) await stop().catch((e: unknown) => say(`stop failed: ${String(e)}`));
  say("stopped cleanly");
  process.exit(code);
}
process.once("SIGINT", () => void stopAll(0));
process.once("SIGTERM", () => void stopAll(0));

/** A child process of ours, its output in .data/demo-logs/<name>.log; stopped with SIGTERM. */
function child(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const logDir = path.join(root, ".data", "demo-logs");
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: "w" });
  const proc = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout!.pipe(log);
  proc.stderr!.pipe(log);
  proc.on("exit", (code, signal) => {
    if (!stopping) say(`${name} exited (${code ?? signal}); see .data/demo-logs/${name}.log`);
  });
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
        setTimeout(() => proc.kill("SIGKILL"), 15_000).unref();
      }),
  );
  return proc;
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

/** A fresh database for each demo run, on whichever server we have. */
async function freshDatabase(serverUrl: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS corridor_demo WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE corridor_demo`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = "/corridor_demo";
  return url.toString();
}

async function main() {
  const timeScale = Number(opts["time-scale"]);
  const services = await ensureLocalServices({ DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL }, { dataRoot: path.join(root, ".data"), log: say });
  stops.push(() => services.stop());
  const databaseUrl = await freshDatabase(services.databaseUrl);
  await migrateDatabase(databaseUrl);
  const queuePrefix = `corridor-demo-${process.pid}`;
  stops.push(async () => {
    // The demo's queues go with it; Redis is transport, nothing there is needed after.
    const redis = new Redis(services.redisUrl);
    await deleteKeysMatching(redis, `{${queuePrefix}}*`);
    redis.disconnect();
  });

  const port = opts.port ? Number(opts.port) : await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const apiKey = "corridor-demo";
  const apiSecret = randomBytes(24).toString("hex");
  const accessToken = `shpat_demo_${randomBytes(8).toString("hex")}`;
  const operator = `ops:${randomBytes(6).toString("hex")}`;

  // Shopify, as the demo shop's storefront.
  const shopify = await startShopifySandbox({ apiKey, apiSecret, plan: "standard" });
  stops.push(() => shopify.close());
  shopify.webhooks.subscribe(`${appUrl}/webhooks/shopify`);
  const shop = shopify.addShop(DEMO_SHOP, { accessToken, currency: "USD" });

  // The partner warehouses, holding the stock the import file describes.
  const network = parseWarehouseImportFile(await readFile(path.join(root, "scripts/seed/demo-warehouses.json"), "utf8"));
  if (!network.ok) throw new Error("scripts/seed/demo-warehouses.json is invalid");
  const stock = Object.fromEntries(network.file.warehouses.map((w) => [w.code, Object.fromEntries(Object.entries(w.stock).map(([sku, s]) => [sku, s.onHand]))]));
  const threePl = await startWarehouseSandbox({
    warehouses: network.file.warehouses.map((w) => w.code),
    clock: { mode: "real", timeScale },
    stock,
    tenants: [{ name: "demo", apiKey: "demo-3pl-key" }],
  });
  stops.push(() => threePl.close());

  // Corridor's own records: the shop, its Shopify connection, its warehouses.
  const { db, close } = createDb(databaseUrl, { max: 4 });
  stops.push(() => close());
  const { shopId } = await connectShopByToken(db, DEMO_SHOP, accessToken);
  await importWarehouses(db, DEMO_SHOP, network.file, { sandbox: { baseUrl: threePl.url, apiKey: "demo-3pl-key", webhookSecret: threePl.tenants[0]!.webhookSecret } });
  threePl.setWebhookUrl(`${appUrl}/webhooks/warehouses/sandbox/${shopId}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    SHOPIFY_API_KEY: apiKey,
    SHOPIFY_API_SECRET: apiSecret,
    SCOPES: "read_orders,write_fulfillments,read_assigned_fulfillment_orders,write_assigned_fulfillment_orders,read_inventory,write_inventory,read_locations",
    SHOPIFY_APP_URL: appUrl,
    SHOPIFY_ADMIN_API_ORIGIN: shopify.url,
    DATABASE_URL: databaseUrl,
    REDIS_URL: services.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    PORT: String(port),
    CORRIDOR_DEMO_MODE: "1",
    OPERATOR_CREDENTIALS: operator,
    LOG_LEVEL: "info",
  };
  child("web", "app/server.ts", { ...env, CORRIDOR_PROCESS: "web" });
  child("workers", "workers/main.ts", { ...env, CORRIDOR_PROCESS: "workers" });
  await waitUntil("the web process to be ready", async () => (await fetch(`${appUrl}/readyz`)).ok);

  // Corridor registers its fulfillment service, as it does when a merchant installs it.
  const admin = createAdminClient({ shopDomain: DEMO_SHOP, accessToken, origin: shopify.url, logger });
  const { locationId } = await registerFulfillmentService(admin, { appUrl, db });
  const corridorLocation = BigInt(locationId.slice(locationId.lastIndexOf("/") + 1));

  say(`admin (development sign-in as ${DEMO_SHOP}): ${appUrl}/demo/sign-in`);
  say(`queues (bull-board, user:password ${operator}): ${appUrl}/operator/queues`);
  say(`Shopify sandbox: ${shopify.url}   sandbox 3PL: ${threePl.url}   logs: .data/demo-logs/`);
  say(`${network.file.warehouses.length} warehouses (${network.file.warehouses.map((w) => w.code).join(", ")}), ${network.file.products.length} products; clock ×${timeScale}`);
  say("Ctrl-C stops everything.");

  const limit = opts.orders ? Number(opts.orders) : Infinity;
  const nextOrder = orderStream(network.file.products);
  let created = 0;
  const generator = setInterval(() => {
    if (created >= limit || stopping) return clearInterval(generator);
    created += 1;
    const o = nextOrder();
    const { fulfillmentOrder } = shopify.merchant.createOrder(shop, { lines: o.lines, shippingAddress: o.shippingAddress, locationId: corridorLocation });
    // The merchant's store sends the work to Corridor's location, as Shopify does for a fulfillment service.
    void shopify.merchant.submitFulfillmentRequest(shop, fulfillmentOrder).catch((e: unknown) => say(`fulfillment request failed: ${String(e)}`));
  }, 1000 / Number(opts.rate));
  stops.push(async () => clearInterval(generator));

  const until = opts.until as Stage | undefined;
  const tty = process.stdout.isTTY;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    if (stopping) return;
    const summary = await readSummary(db, shopId);
    const fulfilledOnShopify = [...shop.fulfillments.values()].length;
    const line = `${renderSummary(summary)} | Shopify fulfillments ${fulfilledOnShopify}`;
    process.stdout.write(tty ? `\r${line}   ` : `${line}\n`);
    if (until && Number.isFinite(limit) && created >= limit) {
      const reached = until === "delivered" ? summary.stages.delivered : summary.stages.shipped + summary.stages.delivered;
      if (reached + summary.exceptions >= limit) {
        process.stdout.write("\n");
        say(`all ${limit} orders reached ${until} or an exception (${summary.exceptions} open exceptions${summary.exceptions ? `: ${renderExceptions(summary)}` : ""})`);
        await stopAll(0);
      }
    }
  }
}

main().catch(async (error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await stopAll(1);
});
