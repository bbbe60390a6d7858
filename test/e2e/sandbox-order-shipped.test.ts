/**
 * A sandbox order watched in the browser: the demo shop with a Reno warehouse run by the sandbox 3PL
 * (manual clock), the real web process and the real worker process (each spawned as in production).
 * An order is stored and its routing job enqueued; the workers route and dispatch it to the 3PL; the
 * test advances the 3PL's clock and reloads the order page until its stage badge says Shipped. The
 * same run cancels a second order at the warehouse and follows a manual stock sync to its end.
 * Screenshots go to artifacts/e2e/.
 */
import type { ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { allocations, channelConnections } from "../../app/db/schema";
import { freePort } from "../../app/dev/local-services.server";
import { routeJobId } from "../../app/queues/keys";
import { createQueues, type Queues } from "../../app/queues/queues.server";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../helpers/seed";
import { isolatedWorld, type IsolatedWorld } from "../helpers/isolated";
import { HOUR } from "../sandboxes/warehouse/clock";
import { startWarehouseSandbox, type WarehouseSandbox } from "../sandboxes/warehouse/server";
import { appEnv, launchBrowser, prepareBrowserRun, signInAsDemoShop, spawnLogged, startWeb, stopProcess, until, type AdminBrowser, type WebProcess } from "./browser-harness";

let world: IsolatedWorld;
let threePl: WarehouseSandbox;
let queues: Queues;
let web: WebProcess;
let worker: ChildProcess;
let baseUrl: string;
let shopId: number;
let browser: AdminBrowser;
let page: Page;

const shot = (name: string) => browser.shot(name);

/** Stores an order for the demo shop and enqueues its routing job, as intake would. */
async function placeOrder(name: string) {
  const { orderId, revision } = await seedOrder(world.db, canonicalOrder(DEMO_SHOP_DOMAIN, [{ sku: "MUG", quantity: 1 }], { name }));
  await queues.add("route-order", { orderId, revision, correlationId: `e2e-${name}` }, { jobId: routeJobId(orderId, revision) });
  return orderId;
}

const acceptedAllocation = (orderId: number) =>
  until(`order ${orderId} accepted by the 3PL`, async () => {
    const [a] = await world.db.select().from(allocations).where(eq(allocations.orderId, orderId));
    return a?.status === "accepted" ? a : undefined;
  });

beforeAll(async () => {
  const executablePath = prepareBrowserRun();
  world = await isolatedWorld();
  threePl = await startWarehouseSandbox({ warehouses: ["US-RNO"], clock: { mode: "manual" }, stock: { "US-RNO": { MUG: 50 } }, tenants: [{ name: "demo", apiKey: "key-demo" }] });
  const shop = await seedShop(world.db, DEMO_SHOP_DOMAIN, { lowStockThreshold: 5 });
  shopId = shop.id;
  await seedWarehouse(world.db, shopId, {
    code: "US-RNO",
    country: "US",
    stock: { MUG: 50 },
    destinations: ["US"],
    connectorConfig: { baseUrl: threePl.url, apiKey: "key-demo", webhookSecret: threePl.tenants[0]!.webhookSecret, partnerLocationId: "US-RNO" },
  });
  // A Shopify connection without a fulfillment-service location: a stock sync runs and is skipped, saying why.
  await world.db.insert(channelConnections).values({ shopId, channel: "shopify", externalAccountId: DEMO_SHOP_DOMAIN, status: "connected" });
  queues = createQueues(world.redisUrl, world.queuePrefix);

  const port = await freePort();
  threePl.setWebhookUrl(`http://127.0.0.1:${port}/webhooks/warehouses/sandbox/${shopId}`);
  // The web and worker processes get the same environment, as the two deployments do.
  worker = spawnLogged("workers/main.ts", appEnv(world, port), "sandbox-worker.log");
  web = await startWeb(world, { logName: "sandbox-web.log", port });
  baseUrl = web.baseUrl;
  browser = await launchBrowser(executablePath);
  page = browser.page;
  await signInAsDemoShop(page, baseUrl);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopProcess(worker);
  await stopProcess(web?.child);
  await queues?.close();
  await threePl?.close();
  await world?.cleanup();
});

describe("a sandbox order in the merchant admin", () => {
  it("reaches Shipped on the order page once the 3PL ships it", async () => {
    // GIVEN an order routed by the worker and accepted by the 3PL
    const orderId = await placeOrder("#SBX-1001");
    await acceptedAllocation(orderId);
    await page.goto(`${baseUrl}/app/orders/${orderId}`, { waitUntil: "networkidle" });
    // The stage badge is the page title's metadata: the h1's sibling. Polaris prefixes its text with
    // the tone for screen readers ("Attention", "Success"), hence the match on the end.
    const stageBadge = page.locator("h1").locator("xpath=..").locator(".Polaris-Badge");
    await expect.poll(() => stageBadge.textContent()).toMatch(/At warehouse$/);
    await shot("20-sandbox-order-at-warehouse");

    // WHEN the 3PL's clock moves past pick, pack and carrier handover
    threePl.advance(5 * HOUR);
    await threePl.webhooksSettled();

    // THEN reloading the page shows the stage badge at Shipped, with the 3PL's tracking number
    await until("the order page to show Shipped", async () => {
      await page.reload({ waitUntil: "networkidle" });
      return /Shipped$/.test((await stageBadge.textContent()) ?? "");
    }, 60_000);
    const [a] = await world.db.select().from(allocations).where(eq(allocations.orderId, orderId));
    expect(a!.trackingNumber).toBeTruthy();
    await page.getByText(a!.trackingNumber!).first().waitFor();
    await shot("21-sandbox-order-shipped");

    // AND cancelling it now is too late, with the tracking number as the reason
    await page.getByRole("button", { name: "Cancel at warehouse" }).click();
    await page.getByText(`Too late to cancel: tracking ${a!.trackingNumber}.`).waitFor();
    await shot("22-sandbox-order-cancel-too-late");

    // AND the orders list says Shipped too
    await page.goto(`${baseUrl}/app/orders`, { waitUntil: "networkidle" });
    await page.getByRole("row", { name: /#SBX-1001/ }).getByText("Shipped", { exact: true }).waitFor();
    await shot("23-sandbox-orders-list");
  });

  it("cancels an order at the warehouse before it ships", async () => {
    const orderId = await placeOrder("#SBX-1002");
    const accepted = await acceptedAllocation(orderId);
    await page.goto(`${baseUrl}/app/orders/${orderId}`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Cancel at warehouse" }).click();
    await page.getByText("Cancelled at the warehouse: 1 shipment(s) stopped and their stock released.").waitFor();
    await shot("24-sandbox-order-cancelled");
    const [a] = await world.db.select().from(allocations).where(eq(allocations.id, accepted.id));
    expect(a!.status).toBe("cancelled");
  });

  it("follows a manual stock sync from pending to its outcome", async () => {
    await page.goto(`${baseUrl}/app/inventory`, { waitUntil: "networkidle" });
    await page.getByText(/lag p95 .* \(last hour\)/).waitFor();
    await page.getByRole("button", { name: "Sync stock now" }).click();
    await page.waitForURL(/\/app\/inventory\?sync=stock-\d+-manual-\d+$/);
    // The worker runs the job; the page polls until it settles: skipped, since no location is registered.
    await page.getByText(/Stock sync skipped: no fulfillment-service location yet/).waitFor({ timeout: 30_000 });
    await shot("25-inventory-stock-sync");
  });

  it("logged no page errors and no hydration mismatches", () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
