/**
 * Customs documents from the order page in a real browser (Debian's chromium via playwright-core),
 * demo mode: a cross-border shipment shows DDP with its quoted duty and links to its invoice,
 * packing list and CN23; clicking the invoice downloads a PDF whose text poppler reads back.
 * Screenshots go to artifacts/e2e/order-documents-*.png. No page may log an error or fail to hydrate.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { allocationLines, allocations, orderLines, orders } from "../../app/db/schema";
import type { CanonicalOrder } from "../../app/domain/order";
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
    if (child.exitCode !== null) throw new Error(`app/server.ts exited with ${child.exitCode}; see artifacts/e2e/order-documents-server.log`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("app/server.ts did not become healthy within 60 s");
}

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `order-documents-${name}.png`), fullPage: true, caret: "initial" });

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
  mkdirSync(ARTIFACTS, { recursive: true });
  world = await isolatedWorld();
  seeded = await seedAdminShop(world.db, DEMO_SHOP_DOMAIN, { tag: "DEMO" });
  tempDir = mkdtempSync(path.join(tmpdir(), "corridor-e2e-documents-"));

  execFileSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["build"], { cwd: ROOT, stdio: "pipe" });
  const executablePath = execFileSync("bash", [path.join(ROOT, "scripts", "ensure-chromium.sh")], { encoding: "utf8" }).trim();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(path.join(ARTIFACTS, "order-documents-server.log"));
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
    acceptDownloads: true,
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
  await page.goto(`${baseUrl}/app`, { waitUntil: "networkidle" });
  await page.getByRole("button", { name: `Sign in as ${DEMO_SHOP_DOMAIN}` }).click();
  await page.waitForURL(`${baseUrl}/app`);
});

afterAll(async () => {
  await context?.close();
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
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
    expect(pageErrors).toEqual([]);
  });
});
