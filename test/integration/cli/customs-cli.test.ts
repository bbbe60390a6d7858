/**
 * `corridor customs …` as operators run it (a child process against a real database): a landed-cost
 * quote for an order file stores nothing, and the shipment documents of a routed order land as PDFs.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, skus } from "../../../app/db/schema";
import { routeAndReserve } from "../../../app/routing/route-and-reserve.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../../helpers/seed";
import { runCorridor } from "../../helpers/run-cli";

const run = promisify(execFile);
let world: IsolatedWorld;
let dir: string;

beforeAll(async () => {
  world = await isolatedWorld();
  dir = await mkdtemp(path.join(os.tmpdir(), "customs-cli-"));
});
afterAll(async () => {
  await world?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const corridor = (...args: string[]) => runCorridor(world, args);

/** A $25.00 cotton T-shirt (HS 6109.10, made in VN) to the US, $5.00 shipping charged. */
async function teeOrderFile(name: string, over: { hsCode?: string } = { hsCode: "610910" }): Promise<string> {
  const order = canonicalOrder("customs-cli.myshopify.com", [{ sku: "TEE-COTTON-M", quantity: 1 }], { shipTo: { countryCode: "US", city: "San Jose" }, shippingCharged: 500 });
  order.lines = order.lines.map((l) => ({ ...l, countryOfOrigin: "VN", ...(over.hsCode ? { hsCode: over.hsCode } : {}) }));
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(order));
  return file;
}

describe("corridor customs", () => {
  it("quotes US duty on a Vietnamese T-shirt on both sides of the end of the IEEPA 20%, storing nothing", async () => {
    expect((await corridor("migrate")).code).toBe(0);
    const file = await teeOrderFile("tee.json");
    // GIVEN 2026-11-25, after 2026-07-24: MFN only. US 6109 at 16.5% on the FOB value $25.00 = 412.5 → 413 cents.
    const after = await corridor("customs", "quote", "--order", file, "--date", "2026-11-25", "--json");
    expect(after.code, after.stderr).toBe(0);
    const q = JSON.parse(after.stdout);
    expect(q).toMatchObject({ ruleSet: "US", currency: "USD", date: "2026-11-25", goods: 2500, duty: 413, importTax: 0 });
    expect(q.total).toBe(q.goods + q.shipping + q.duty + q.importTax + q.fees);
    // WHEN 2026-02-01, inside the IEEPA reciprocal 20% on VN goods (2025-08-07 → 2026-02-23):
    // 16.5% × $25.00 = 413 cents + 20% × $25.00 = 500 cents → 913 cents.
    const before = JSON.parse((await corridor("customs", "quote", "--order", file, "--date", "2026-02-01", "--json")).stdout);
    expect(before.duty).toBe(913);
    // THEN the human output names the rule set and the duty, and no order was stored
    const text = await corridor("customs", "quote", "--order", file, "--date", "2026-11-25");
    expect(text.stdout).toMatch(/US rules on 2026-11-25, DAP: total USD 34\.13/);
    expect(await world.db.select().from(orders)).toHaveLength(0);
  });

  it("refuses an order line without an HS code or a bad date, naming the problem", async () => {
    const file = await teeOrderFile("no-hs.json", {});
    const noHs = await corridor("customs", "quote", "--order", file);
    expect(noHs.code).toBe(2);
    expect(noHs.stderr).toMatch(/TEE-COTTON-M has no HS code/);
    expect((await corridor("customs", "quote", "--order", file, "--date", "25/11/2026")).code).toBe(2);
  });

  it("writes the commercial invoice and packing list of a routed order as PDFs with its customs data", async () => {
    // GIVEN a shop whose catalogue knows the T-shirt's customs data, and an order routed from Vietnam
    const shop = await seedShop(world.db, "customs-docs.myshopify.com", { routingPolicy: "cheapest", maxSplits: 1 });
    await world.db.insert(skus).values({ shopId: shop.id, sku: "TEE-COTTON-M", weightGrams: 300, hsCode: "610910", hsCodesByCountry: { US: "6109100012" }, countryOfOrigin: "VN", customsDescription: "Men's knitted cotton T-shirt" });
    await seedWarehouse(world.db, shop.id, { code: "VN-HCM", country: "VN", kind: "origin", stock: { "TEE-COTTON-M": 5 }, destinations: ["US"] });
    const order = canonicalOrder(shop.domain, [{ sku: "TEE-COTTON-M", quantity: 2 }], { externalId: "990001", shipTo: { countryCode: "US", city: "San Jose", name: "Jane Buyer", address1: "1 Main St", zip: "95113", provinceCode: "CA" }, shippingCharged: 700 });
    const o = await seedOrder(world.db, order);
    expect((await routeAndReserve(world.db, o.orderId, o.revision, { now: new Date("2026-11-25T09:00:00Z"), correlationId: "t" })).kind).toBe("routed");

    // WHEN the documents are written
    const out = path.join(dir, "docs");
    const result = await corridor("customs", "docs", "shopify:990001", "--out", out, "--json");

    // THEN one shipment gives an invoice and a packing list, whose text carries the customs data
    expect(result.code, result.stderr).toBe(0);
    const written = JSON.parse(result.stdout);
    expect(written).toHaveLength(1);
    expect(written[0].warehouseCode).toBe("VN-HCM");
    const [invoice, packing] = written[0].files as string[];
    expect(invoice).toMatch(/commercial-invoice\.pdf$/);
    expect(packing).toMatch(/packing-list\.pdf$/);
    expect((await readFile(invoice!)).subarray(0, 5).toString()).toBe("%PDF-");
    const { stdout: invoiceText } = await run("pdftotext", ["-layout", invoice!, "-"]);
    for (const expected of ["Commercial Invoice", "shopify:990001", "Jane Buyer", "TEE-COTTON-M", "Men's knitted cotton T-shirt", "6109100012", "VN", "USD 50.00", "USD 7.00", "USD 57.00"]) expect(invoiceText).toContain(expected);
    const { stdout: packingText } = await run("pdftotext", ["-layout", packing!, "-"]);
    expect(packingText).toContain("Packing List");
    expect(packingText).toContain("0.600 kg");

    // AND an unknown order or a missing folder is a usage error
    expect((await corridor("customs", "docs", "shopify:nope", "--out", out)).code).toBe(2);
    expect((await corridor("customs", "docs", "shopify:990001")).code).toBe(2);
  });
});
