/**
 * The merchant admin in a real browser (Debian's chromium via playwright-core), outside Shopify
 * admin in demo mode: sign in as the seeded demo shop, open every page, create a warehouse, retry
 * an exception. Screenshots go to artifacts/e2e/. No page may log an error or fail to hydrate.
 */
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { exceptions, warehouseLanes, warehouses } from "../../app/db/schema";
import { isolatedWorld, type IsolatedWorld } from "../helpers/isolated";
import { seedAdminShop, type SeededShop } from "../integration/admin/seed-admin";
import { launchBrowser, prepareBrowserRun, startWeb, stopProcess, type AdminBrowser, type WebProcess } from "./browser-harness";

let world: IsolatedWorld;
let seeded: SeededShop;
let web: WebProcess;
let baseUrl: string;
let browser: AdminBrowser;
let page: Page;

const shot = (name: string) => browser.shot(name);

/** Client-side navigation is done when the URL matches and the network is quiet. */
async function open(pathname: string) {
  await page.goto(`${baseUrl}${pathname}`, { waitUntil: "networkidle" });
}

beforeAll(async () => {
  const executablePath = prepareBrowserRun();
  world = await isolatedWorld();
  seeded = await seedAdminShop(world.db, DEMO_SHOP_DOMAIN, { tag: "DEMO" });
  web = await startWeb(world, { logName: "server.log" });
  baseUrl = web.baseUrl;
  browser = await launchBrowser(executablePath);
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await stopProcess(web?.child);
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
    expect(browser.pageErrors).toEqual([]);
  });
});
