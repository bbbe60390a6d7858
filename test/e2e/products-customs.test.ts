/**
 * Customs data per SKU in a real browser (Debian's chromium via playwright-core), demo mode: open
 * Products, edit a SKU's HS codes (a wrong US code shows its own error first), check then import a
 * CSV with one bad line, filter by missing HS code, and save customs registrations in Settings.
 * Screenshots go to artifacts/e2e/products-*.png. No page may log an error or fail to hydrate.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { shops, skus } from "../../app/db/schema";
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
let tempDir: string;
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
    if (child.exitCode !== null) throw new Error(`app/server.ts exited with ${child.exitCode}; see artifacts/e2e/products-server.log`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("app/server.ts did not become healthy within 60 s");
}

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `products-${name}.png`), fullPage: true, caret: "initial" });
const open = (pathname: string) => page.goto(`${baseUrl}${pathname}`, { waitUntil: "networkidle" });
const rowOf = async (sku: string) => (await world.db.select().from(skus).where(and(eq(skus.shopId, seeded.shopId), eq(skus.sku, sku))))[0];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  world = await isolatedWorld();
  seeded = await seedAdminShop(world.db, DEMO_SHOP_DOMAIN, { tag: "DEMO" });
  await world.db.insert(skus).values([
    { shopId: seeded.shopId, sku: "DEMO-TEE-RED-M", title: "Red cotton T-shirt, M", hsCode: "610910", countryOfOrigin: "VN", customsDescription: "Women's knitted cotton T-shirt", weightGrams: 180, unitValue: 1500, currency: "USD" },
    { shopId: seeded.shopId, sku: "DEMO-MUG-BLUE", title: "Blue ceramic mug", weightGrams: 350 },
    { shopId: seeded.shopId, sku: "DEMO-SPEAKER", title: "Bamboo bluetooth speaker", hsCode: "851822", countryOfOrigin: "VN", dangerousGoods: { lithium: "ion_in_equipment", wattHours: 7.4 } },
    { shopId: seeded.shopId, sku: "DEMO-HAT-GRN", title: "Green conical hat", countryOfOrigin: "VN" },
    { shopId: seeded.shopId, sku: "DEMO-CANDLE", title: "Lemongrass candle" },
  ]);
  tempDir = mkdtempSync(path.join(tmpdir(), "corridor-e2e-products-"));

  execFileSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["build"], { cwd: ROOT, stdio: "pipe" });
  const executablePath = execFileSync("bash", [path.join(ROOT, "scripts", "ensure-chromium.sh")], { encoding: "utf8" }).trim();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(path.join(ARTIFACTS, "products-server.log"));
  server = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env, NODE_ENV: "development", CORRIDOR_DEMO_MODE: "1", DATABASE_URL: world.databaseUrl, REDIS_URL: world.redisUrl,
      QUEUE_PREFIX: world.queuePrefix, PORT: String(port), SHOPIFY_API_KEY: "e2e-api-key", SHOPIFY_API_SECRET: "e2e-api-secret-0123456789",
      SCOPES: "read_orders,write_fulfillments,read_inventory,write_inventory", SHOPIFY_APP_URL: baseUrl, LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.pipe(log);
  server.stderr!.pipe(log);
  await waitForHealth(baseUrl, server);

  context = await chromium.launchPersistentContext(path.join(tempDir, "profile"), {
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (msg) => {
    // Offline, the Inter font stylesheet on cdn.shopify.com cannot load; that is not a page defect.
    if (msg.type() === "error" && !/cdn\.shopify\.com|net::ERR_/.test(msg.text() + (msg.location().url ?? ""))) pageErrors.push(`console: ${msg.text()}`);
  });
  await open("/app");
  await page.getByRole("button", { name: `Sign in as ${DEMO_SHOP_DOMAIN}` }).click();
  await page.waitForURL(`${baseUrl}/app`);
});

afterAll(async () => {
  writeFileSync(path.join(ARTIFACTS, "products-page-errors.txt"), pageErrors.join("\n\n"));
  await context?.close();
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  await world?.cleanup();
});

describe("customs data per SKU in the browser", () => {
  it("lists products from the navigation with what each one is missing", async () => {
    await page.getByRole("link", { name: "Products", exact: true }).click();
    await page.waitForURL(/\/app\/products$/);
    await page.waitForLoadState("networkidle");
    await page.getByRole("link", { name: "DEMO-MUG-BLUE" }).waitFor();
    await page.getByText("UN3481 · Li-ion installed in equipment").waitFor();
    await shot("01-list");
  });

  it("edits a SKU's HS codes, showing a wrong US code's own error before saving", async () => {
    await page.getByRole("link", { name: "DEMO-MUG-BLUE" }).click();
    await page.waitForURL(/\/app\/products\/\d+$/);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("HS code", { exact: true }).fill("6912.00");
    await page.getByLabel("United States (HTS)").fill("69120010");
    await page.getByLabel("Country of origin").fill("vn");
    await page.getByLabel("Customs description").fill("Ceramic mug, stoneware");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("US tariff codes have 10 digits.").waitFor();
    await shot("02-edit-error");
    expect((await rowOf("DEMO-MUG-BLUE"))!.hsCode).toBeNull();
    await page.getByLabel("United States (HTS)").fill("6912004400");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Customs data saved.").waitFor();
    // THEN the form shows the values as stored, normalised
    await expect.poll(() => page.getByLabel("HS code", { exact: true }).inputValue()).toBe("691200");
    expect(await page.getByLabel("Country of origin").inputValue()).toBe("VN");
    await shot("03-edit-saved");
    expect(await rowOf("DEMO-MUG-BLUE")).toMatchObject({ hsCode: "691200", hsCodesByCountry: { US: "6912004400" }, countryOfOrigin: "VN", customsDescription: "Ceramic mug, stoneware" });
  });

  it("checks a CSV, then imports it, listing the rejected line with its reason", async () => {
    const file = path.join(tempDir, "customs.csv");
    writeFileSync(file, ["sku,hs_code,hs_gb,country_of_origin,customs_description", "DEMO-HAT-GRN,650400,6504000090,VN,Palm-leaf conical hat", "DEMO-NEW-SCARF,621410,,VN,Silk scarf", "DEMO-BAD,6504,,VN,Hat"].join("\n"));
    await open("/app/products");
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByText("customs.csv").waitFor();
    await page.getByRole("button", { name: "Check file" }).click();
    await page.getByText("File checked: nothing was saved").waitFor();
    await page.getByText("Would add 1, update 1, leave 0 unchanged; 1 rejected.").waitFor();
    await shot("04-csv-checked");
    expect(await rowOf("DEMO-NEW-SCARF")).toBeUndefined();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("1 added, 1 updated, 0 unchanged; 1 rejected.").waitFor();
    await page.getByText(/Line 4 \(DEMO-BAD\): HS code: Six digits/).waitFor();
    await shot("05-csv-imported");
    expect(await rowOf("DEMO-HAT-GRN")).toMatchObject({ hsCode: "650400", hsCodesByCountry: { GB: "6504000090" }, customsDescription: "Palm-leaf conical hat" });
    expect(await rowOf("DEMO-NEW-SCARF")).toMatchObject({ hsCode: "621410" });
    // WHEN the merchant downloads the data THEN the file holds the import's columns and the new SKU
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download your products as CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("corridor-demo-customs.csv");
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv).toMatch(/^sku,hs_code,hs_us,/);
    expect(csv).toContain("DEMO-NEW-SCARF,621410,");
  });

  it("filters the SKUs still missing an HS code", async () => {
    await page.getByRole("tab", { name: /Missing HS code/ }).click();
    await page.waitForURL(/filter=missing_hs/);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    await page.getByRole("link", { name: "DEMO-CANDLE" }).waitFor();
    await shot("06-missing-hs");
  });

  it("saves customs registrations in Settings with a per-field error for a malformed IOSS number", async () => {
    await open("/app/settings");
    await page.getByLabel("EU IOSS number").fill("IM123");
    await page.getByLabel("UK VAT number").fill("GB 123 4567 89");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("An IOSS number is IM followed by 10 digits.").waitFor();
    await shot("07-settings-error");
    await page.getByLabel("EU IOSS number").fill("IM2500000001");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Settings saved.").waitFor();
    await expect.poll(() => page.getByLabel("UK VAT number").inputValue()).toBe("GB123456789");
    await shot("08-settings-saved");
    const [row] = await world.db.select({ settings: shops.settings }).from(shops).where(eq(shops.id, seeded.shopId));
    expect(row!.settings.customsRegistrations).toEqual({ ioss: "IM2500000001", gb_vat: "GB123456789" });
  });

  it("shows the products page in Vietnamese", async () => {
    await page.getByLabel("Admin language").selectOption("vi");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Đã lưu cài đặt.").waitFor();
    await open("/app/products?filter=dangerous");
    await page.getByText("UN3481 · Pin Li-ion lắp trong thiết bị").waitFor();
    await shot("09-list-vi");
  });

  it("logged no page errors and no hydration mismatches", () => {
    expect(pageErrors).toEqual([]);
  });
});
