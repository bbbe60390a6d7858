/**
 * Customs documents from the order page in a real browser (Debian's chromium via playwright-core),
 * demo mode: a cross-border shipment shows DDP with its quoted duty and links to its invoice,
 * packing list and CN23; clicking the invoice downloads a PDF whose text poppler reads back.
 * Screenshots go to artifacts/e2e/order-documents-*.png. No page may log an error or fail to hydrate.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { allocationLines, allocations, orderLines, orders } from "../../app/db/schema";
import type { CanonicalOrder } from "../../app/domain/order";
import { isolatedWorld, type IsolatedWorld } from "../helpers/isolated";
import { seedAdminShop, type SeededShop } from "../integration/admin/seed-admin";
import { launchBrowser, prepareBrowserRun, signInAsDemoShop, startWeb, stopProcess, type AdminBrowser, type WebProcess } from "./browser-harness";

let world: IsolatedWorld;
let seeded: SeededShop;
let web: WebProcess;
let baseUrl: string;
let browser: AdminBrowser;
let page: Page;
let tempDir: string;

const shot = (name: string) => browser.shot(name);

/** The seeded shipped order (Reno → GB) made printable: customs data, a full canonical order, what routing would record. */
async function makePrintable(orderId: number) {
  await world.db.update(orderLines).set({ hsCode: "610910", countryOfOrigin: "VN", weightGrams: 180 }).where(eq(orderLines.orderId, orderId));
  const [o] = await world.db.select().from(orders).where(eq(orders.id, orderId));
  const lines = await world.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
  const canonical: CanonicalOrder = {
    ...o!.canonical, channel: o!.channel, shopDomain: DEMO_SHOP_DOMAIN, name: o!.name, currency: "USD", updatedAt: "2026-11-24T08:00:00Z", placedAt: "2026-11-24T08:00:00Z",
    lines: lines.map((l) => ({ externalLineId: l.externalLineId, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, currency: l.currency, weightGrams: 180 })),
    shipTo: { countryCode: o!.destinationCountry, city: "Manchester", zip: "M1 1AA", name: "Sam Taylor", address1: "2 Deansgate" },
    shippingCharged: 900,
  };
  await world.db.update(orders).set({ canonical }).where(eq(orders.id, orderId));
  const [alloc] = await world.db.select().from(allocations).where(eq(allocations.orderId, orderId));
  await world.db.insert(allocationLines).values(lines.map((l) => ({ allocationId: alloc!.id, orderLineId: l.id, sku: l.sku, quantity: l.quantity })));
  await world.db.update(allocations).set({
    postal: true, crossBorder: true, incoterm: "DDP", laneCarrier: "Royal Mail",
    landedCost: { basis: "border", currency: "GBP", duty: 0, tax: 792, fees: 0, ruleSet: "GB", date: "2026-11-24", indicative: false, fx: [{ base: "USD", quote: "GBP", rate: 0.8346, source: "reference table", date: "2026-11-24" }], note: "test" },
  }).where(eq(allocations.id, alloc!.id));
  return alloc!;
}

beforeAll(async () => {
  const executablePath = prepareBrowserRun();
  world = await isolatedWorld();
  seeded = await seedAdminShop(world.db, DEMO_SHOP_DOMAIN, { tag: "DEMO" });
  tempDir = mkdtempSync(path.join(tmpdir(), "corridor-e2e-documents-"));
  web = await startWeb(world, { logName: "order-documents-server.log" });
  baseUrl = web.baseUrl;
  browser = await launchBrowser(executablePath, { shotPrefix: "order-documents-" });
  page = browser.page;
  await signInAsDemoShop(page, baseUrl);
});

afterAll(async () => {
  await browser?.close();
  await stopProcess(web?.child);
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  await world?.cleanup();
});

describe("customs documents on the order page", () => {
  it("shows DDP with the quoted tax and downloads the shipment's commercial invoice as a PDF", async () => {
    // GIVEN a cross-border postal shipment from Reno to Manchester, routed DDP
    const alloc = await makePrintable(seeded.shippedOrderId);

    // WHEN the merchant opens the order
    await page.goto(`${baseUrl}/app/orders/${seeded.shippedOrderId}`, { waitUntil: "networkidle" });

    // THEN the shipment says DDP with its quote and offers three documents, the CN23 for the post
    await page.getByText("DDP · duty £0.00, import tax £7.92").waitFor();
    await page.getByText("Customs documents:").waitFor();
    for (const name of ["Commercial invoice (PDF)", "Packing list (PDF)", "CN23 (PDF)"]) await page.getByRole("link", { name }).waitFor();
    await shot("01-order");

    // AND clicking the invoice downloads our PDF for this shipment
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Commercial invoice (PDF)" }).click()]);
    expect(download.suggestedFilename()).toBe(`${alloc.clientReference}-commercial-invoice.pdf`);
    const file = path.join(tempDir, "invoice.pdf");
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = execFileSync("pdftotext", ["-raw", file, "-"]).toString("utf8").replace(/\s+/g, " ");
    expect(text).toContain("Commercial Invoice");
    expect(text).toContain("Incoterm: DDP Manchester, GB (Incoterms 2020)");
    expect(text).toContain("Import tax: GBP 7.92");
    expect(text).toContain("Exchange rate: 1 USD = 0.8346 GBP (reference table, 2026-11-24)");
    expect(browser.pageErrors).toEqual([]);
  });
});
