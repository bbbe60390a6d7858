/**
 * Customs data per SKU in a real browser (Debian's chromium via playwright-core), demo mode: open
 * Products, edit a SKU's HS codes (a wrong US code shows its own error first), check then import a
 * CSV with one bad line, filter by missing HS code, and save customs registrations in Settings.
 * Screenshots go to artifacts/e2e/products-*.png. No page may log an error or fail to hydrate.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { shops, skus } from "../../app/db/schema";
import { isolatedWorld, type IsolatedWorld } from "../helpers/isolated";
import { seedAdminShop, type SeededShop } from "../integration/admin/seed-admin";
import { ARTIFACTS, launchBrowser, prepareBrowserRun, signInAsDemoShop, startWeb, stopProcess, type AdminBrowser, type WebProcess } from "./browser-harness";

let world: IsolatedWorld;
let seeded: SeededShop;
let web: WebProcess;
let baseUrl: string;
let browser: AdminBrowser;
let page: Page;
let tempDir: string;

const shot = (name: string) => browser.shot(name);
const open = (pathname: string) => page.goto(`${baseUrl}${pathname}`, { waitUntil: "networkidle" });
const rowOf = async (sku: string) => (await world.db.select().from(skus).where(and(eq(skus.shopId, seeded.shopId), eq(skus.sku, sku))))[0];

beforeAll(async () => {
  const executablePath = prepareBrowserRun();
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
  web = await startWeb(world, { logName: "products-server.log" });
  baseUrl = web.baseUrl;
  browser = await launchBrowser(executablePath, { shotPrefix: "products-" });
  page = browser.page;
  await signInAsDemoShop(page, baseUrl);
});

afterAll(async () => {
  writeFileSync(path.join(ARTIFACTS, "products-page-errors.txt"), browser?.pageErrors.join("\n\n") ?? "");
  await browser?.close();
  await stopProcess(web?.child);
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
    expect(browser.pageErrors).toEqual([]);
  });
});
