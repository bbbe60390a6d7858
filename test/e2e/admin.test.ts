/**
 * The merchant admin in a real browser (Debian's chromium via playwright-core), outside Shopify
 * admin in demo mode: sign in as the seeded demo shop, open every page, create a warehouse, retry
 * an exception. Screenshots go to artifacts/e2e/. No page may log an error or fail to hydrate.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { exceptions, warehouseLanes, warehouses } from "../../app/db/schema";
import { isolatedWorld, type IsolatedWorld } from "../helpers/isolated";
import { seedAdminShop, type SeededShop } from "../integration/admin/seed-admin";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ARTIFACTS = path.join(ROOT, "artifacts", "e2e");

let world: IsolatedWorld;
let seeded: SeededShop;
let server: ChildProcess;
let baseUrl: string;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const pageErrors: string[] = [];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function waitForHealth(url: string, child: ChildProcess) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`app/server.ts exited with ${child.exitCode}; see artifacts/e2e/server.log`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("app/server.ts did not become healthy within 60 s");
}

// caret "initial": Playwright otherwise styles inputs to hide the caret, which React reports as a
// hydration mismatch when the shot lands before hydration ends.
const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, caret: "initial" });

/** Client-side navigation is done when the URL matches and the network is quiet. */
async function open(pathname: string) {
  await page.goto(`${baseUrl}${pathname}`, { waitUntil: "networkidle" });
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  world = await isolatedWorld();
  seeded = await seedAdminShop(world.db, DEMO_SHOP_DOMAIN, { tag: "DEMO" });

  // The admin is served from the real production build, as in production.
  execFileSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["build"], { cwd: ROOT, stdio: "pipe" });
  const executablePath = execFileSync("bash", [path.join(ROOT, "scripts", "ensure-chromium.sh")], { encoding: "utf8" }).trim();

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(path.join(ARTIFACTS, "server.log"));
  server = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "development",
      CORRIDOR_DEMO_MODE: "1",
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: world.redisUrl,
      QUEUE_PREFIX: world.queuePrefix,
      PORT: String(port),
      SHOPIFY_API_KEY: "e2e-api-key",
      SHOPIFY_API_SECRET: "e2e-api-secret-0123456789",
      SCOPES: "read_orders,write_fulfillments,read_inventory,write_inventory",
      SHOPIFY_APP_URL: baseUrl,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.pipe(log);
  server.stderr!.pipe(log);
  await waitForHealth(baseUrl, server);

  profileDir = mkdtempSync(path.join(tmpdir(), "corridor-e2e-chromium-"));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (msg) => {
    // Offline, the Inter font stylesheet on cdn.shopify.com cannot load; that is not a page defect.
    if (msg.type() === "error" && !/cdn\.shopify\.com|net::ERR_/.test(msg.text() + (msg.location().url ?? ""))) {
      pageErrors.push(`console: ${msg.text()}`);
    }
  });
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  await world?.cleanup();
});

describe("the merchant admin in a browser", () => {
  it("sends an unsigned browser to the development-only sign-in and signs in as the demo shop", async () => {
    await open("/app");
    expect(page.url()).toContain("/demo/sign-in");
    await page.getByText("Development only").waitFor();
    await shot("00-demo-sign-in");
    await page.getByRole("button", { name: `Sign in as ${DEMO_SHOP_DOMAIN}` }).click();
    await page.waitForURL(`${baseUrl}/app`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("heading", { name: "Today at a glance" }).waitFor();
    await shot("01-home");
  });

  it("shows today's stages, exceptions, on-time rate, stock alerts and the per-warehouse chart", async () => {
    await page.getByText("Shipped today").waitFor();
    await page.getByRole("img", { name: /Orders per day by warehouse/ }).waitFor();
    // DEMO-HAT-GRN at Reno: 6 on hand − 3 reserved − 2 buffer = 1 sellable, under the threshold of 5.
    await page.getByText("DEMO-HAT-GRN · DEMO Reno").waitFor();
  });

  it("lists orders, filters them by stage and opens one with its timeline and tracking", async () => {
    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await page.waitForURL(/\/app\/orders$/);
    await page.waitForLoadState("networkidle");
    await page.getByRole("link", { name: "#DEMO-1001" }).waitFor();
    await shot("02-orders");
    await page.getByLabel("Stage").selectOption("shipped");
    await page.waitForURL(/stage=shipped/);
    await page.waitForLoadState("networkidle");
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    await shot("03-orders-shipped");
    await rows.first().getByRole("link").click();
    await page.waitForURL(/\/app\/orders\/\d+$/);
    await page.waitForLoadState("networkidle");
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    await page.getByRole("link", { name: /^9400DEMO/ }).waitFor();
    await page.getByText(/Reno has stock/).first().waitFor();
    await shot("04-order");
  });

  it("retries an exception and shows it resolved", async () => {
    await open("/app/exceptions");
    await page.getByText(/No warehouse has 2 × DEMO-HAT-GRN/).waitFor();
    await shot("05-exceptions");
    await page.getByRole("button", { name: `Retry exception ${seeded.replayableExceptionId}` }).click();
    await page.getByText("1 exception(s) sent for retry.").waitFor();
    await shot("06-exceptions-retried");
    const [row] = await world.db.select().from(exceptions).where(eq(exceptions.id, seeded.replayableExceptionId));
    expect(row!.status).toBe("resolved");
  });

  it("creates a warehouse with a lane", async () => {
    await open("/app/warehouses");
    await shot("07-warehouses");
    await page.getByRole("link", { name: "Add warehouse" }).first().click();
    await page.waitForURL(/\/app\/warehouses\/new$/);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Code", { exact: true }).fill("GB-LON");
    await page.getByLabel("Name", { exact: true }).fill("London 3PL");
    await page.getByLabel("Country", { exact: true }).fill("GB");
    await page.getByLabel("Time zone").fill("Europe/London");
    await page.getByRole("button", { name: "Add lane" }).click();
    await page.getByLabel("Destinations").fill("GB, IE");
    await page.getByLabel("Carrier").fill("Royal Mail");
    await page.getByLabel("Base cost").fill("350");
    await shot("08-warehouse-new");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/app\/warehouses\/\d+\?saved=1$/);
    await page.getByText("Warehouse saved.").waitFor();
    await shot("09-warehouse-saved");
    const [created] = await world.db.select().from(warehouses).where(and(eq(warehouses.shopId, seeded.shopId), eq(warehouses.code, "GB-LON")));
    expect(created).toMatchObject({ name: "London 3PL", countryCode: "GB", timeZone: "Europe/London" });
    const lanes = await world.db.select().from(warehouseLanes).where(eq(warehouseLanes.warehouseId, created!.id));
    expect(lanes).toMatchObject([{ destinations: ["GB", "IE"], carrier: "Royal Mail", baseCost: 350 }]);
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByText("The sandbox warehouse needs no connection: it's ready.").waitFor();
  });

  it("shows the inventory matrix with the low-stock cell highlighted", async () => {
    await open("/app/inventory");
    await page.getByText("1 sellable", { exact: true }).waitFor();
    await shot("10-inventory");
  });

  it("shows channel health with the last webhook", async () => {
    await open("/app/channels");
    await page.getByText("Needs reconnecting").waitFor();
    await shot("11-channels");
  });

  it("saves settings and switches the admin to Vietnamese", async () => {
    await open("/app/settings");
    await shot("12-settings");
    await page.getByLabel("Admin language").selectOption("vi");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Đã lưu cài đặt.").waitFor();
    await open("/app");
    await page.getByRole("heading", { name: "Tổng quan hôm nay" }).waitFor();
    await shot("13-home-vi");
  });

  it("logged no page errors and no hydration mismatches", () => {
    expect(pageErrors).toEqual([]);
  });
});
