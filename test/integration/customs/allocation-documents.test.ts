/**
 * From routing to the 3PL's inbox: routing records each shipment's lane, postal flag, incoterm and
 * landed-cost quote in the reservation's transaction; the documents read them (DDP with duties on
 * the invoice, a CN23 only on a postal lane); dispatch attaches them to the sandbox 3PL's create,
 * and a retried dispatch still makes one warehouse order. PDFs are checked with poppler.
 */
import { testSecretBox } from "../../helpers/config";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAllocationDocuments, renderAllocationDocument } from "../../../app/customs/allocation-documents.server";
import { and, eq } from "drizzle-orm";
import { allocations, inventoryLevels, orderEvents, skus, warehouseLanes, warehouses } from "../../../app/db/schema";
import { dispatchAllocation } from "../../../app/dispatch/dispatch-allocation.server";
import { logger } from "../../../app/lib/logger.server";
import { routeAndReserve } from "../../../app/routing/route-and-reserve.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder, seedShop, seedWarehouse } from "../../helpers/seed";
import { startWarehouseSandbox, type WarehouseSandbox } from "../../sandboxes/warehouse/server";

let world: IsolatedWorld;
let threePl: WarehouseSandbox;
const dir = mkdtempSync(path.join(tmpdir(), "corridor-alloc-docs-"));
beforeAll(async () => {
  world = await isolatedWorld();
  threePl = await startWarehouseSandbox({ warehouses: ["VN-HCM", "US-RNO"], clock: { mode: "manual" }, defaultOnHand: 100, faults: { hangMs: 2_000 } });
});
afterAll(async () => {
  await threePl?.close();
  await world?.cleanup();
  process.stderr.write(`allocation documents rendered in ${dir}\n`);
});

const NOW = new Date("2026-11-25T09:00:00Z");
const SHIP_TO = { countryCode: "US", provinceCode: "CA", city: "San Jose", zip: "95112", name: "Jane Doe", address1: "1 Main St" };
/** pdftotext wraps table cells over lines; compare on collapsed whitespace. */
const pdfText = (pdf: Buffer, name: string) => {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync("pdftoppm", ["-png", "-r", "70", file, path.join(dir, name)]);
  return execFileSync("pdftotext", ["-raw", file, "-"]).toString("utf8").replace(/\s+/g, " ");
};

/** A shop with a cotton T-shirt stocked at a Vietnam warehouse whose only lane to the US is `lane`. */
async function vietnamShipment(domain: string, lane: { carrier: string; mode: "air" | "express"; ddp: boolean }, whDdp: boolean) {
  const shop = await seedShop(world.db, domain, { routingPolicy: "cheapest", maxSplits: 1 });
  await world.db.insert(skus).values({ shopId: shop.id, sku: "TEE", weightGrams: 200, hsCode: "610910", hsCodesByCountry: { US: "6109100012" }, countryOfOrigin: "VN", customsDescription: "men's knitted cotton T-shirt" });
  const tenant = threePl.tenants[0]!;
  const connectorConfig = { baseUrl: threePl.url, apiKey: tenant.apiKey, webhookSecret: tenant.webhookSecret, partnerLocationId: "VN-HCM", timeoutMs: 1_000 };
  const [wh] = await world.db
    .insert(warehouses)
    .values({ shopId: shop.id, code: "VN-HCM", name: "Saigon origin", connector: "sandbox", connectorConfig, countryCode: "VN", kind: "origin", timeZone: "UTC", cutoffTime: "23:59", capabilities: { ddp: whDdp } })
    .returning();
  const [laneRow] = await world.db
    .insert(warehouseLanes)
    .values({ warehouseId: wh!.id, destinations: ["US"], mode: lane.mode, carrier: lane.carrier, transitDaysMin: 5, transitDaysMax: 9, baseCost: 900, perKgCost: 800, currency: "USD", ddp: lane.ddp })
    .returning();
  await world.db.insert(inventoryLevels).values({ warehouseId: wh!.id, sku: "TEE", onHand: 10 });
  const o = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "TEE", quantity: 2 }], { shipTo: SHIP_TO, shippingCharged: 1200 }));
  const outcome = await routeAndReserve(world.db, o.orderId, o.revision, { now: NOW, correlationId: "t" });
  expect(outcome.kind).toBe("routed");
  const [alloc] = await world.db.select().from(allocations).where(eq(allocations.orderId, o.orderId));
  return { shop, alloc: alloc!, laneId: laneRow!.id, orderId: o.orderId };
}

describe("customs from routing to the warehouse", () => {
  it("records the lane, DDP and the duty quote on a courier shipment, and its invoice says DDP with the duty", async () => {
    // GIVEN a Vietnam warehouse and a DHL lane that both deliver duties paid; 2 × $25.00 T-shirts to California
    const { alloc, laneId, shop } = await vietnamShipment("ddp.myshopify.com", { carrier: "DHL", mode: "express", ddp: true }, true);

    // THEN routing recorded the lane row, no post, a border crossing and DDP, in the reservation's transaction
    expect(alloc).toMatchObject({ laneId, laneCarrier: "DHL", postal: false, crossBorder: true, incoterm: "DDP" });
    // AND the quote: after 2026-07-24 US MFN 16.5% [S17] × FOB $50.00 = $8.25, paid by the seller; no FX (all USD)
    expect(alloc.landedCost).toMatchObject({ basis: "border", currency: "USD", duty: 825, tax: 0, fees: 0, ruleSet: "US", date: "2026-11-25", indicative: false, fx: [] });
    expect(alloc.landedCost!.payer!.duty).toBe("seller");

    // WHEN its documents are made THEN invoice and packing list, no CN23 on a courier lane
    const built = await buildAllocationDocuments(world.db, alloc.id, { shopId: shop.id });
    expect(built!.docs.map((d) => d.kind)).toEqual(["commercial_invoice", "packing_list"]);
    expect(await renderAllocationDocument(world.db, alloc.id, "cn23", { shopId: shop.id })).toBeNull();
    // AND the invoice PDF says DDP with the named place and the prepaid duty
    const invoice = await renderAllocationDocument(world.db, alloc.id, "commercial_invoice", { shopId: shop.id });
    const text = pdfText(invoice!.pdf, "ddp-invoice");
    expect(text).toContain("Incoterm: DDP San Jose, US (Incoterms 2020)");
    expect(text).toContain("Duties and taxes: prepaid by the seller (DDP)");
    expect(text).toContain("Import duty: USD 8.25");
    expect(text).toContain("6109100012");
    expect(text).toContain(`CI-${alloc.clientReference}`);
    expect(readdirSync(dir).some((f) => f.startsWith("ddp-invoice") && f.endsWith(".png"))).toBe(true);
  });

  it("records a postal lane as DAP when the warehouse cannot deliver duties paid, and makes its CN23", async () => {
    // GIVEN a Vietnam Post lane that offers DDP, at a warehouse that does not
    const { alloc, shop } = await vietnamShipment("postal.myshopify.com", { carrier: "VNPost", mode: "air", ddp: true }, false);
    expect(alloc).toMatchObject({ laneCarrier: "VNPost", postal: true, crossBorder: true, incoterm: "DAP" });
    expect(alloc.landedCost!.payer!.duty).toBe("buyer");
    // WHEN documents are made THEN a CN23 joins them, and the invoice says the consignee pays
    const built = await buildAllocationDocuments(world.db, alloc.id);
    expect(built!.docs.map((d) => d.kind)).toEqual(["commercial_invoice", "packing_list", "cn23"]);
    const cn23 = pdfText((await renderAllocationDocument(world.db, alloc.id, "cn23", { shopId: shop.id }))!.pdf, "postal-cn23");
    expect(cn23).toContain("CN23 Customs Declaration");
    expect(cn23).toContain("men's knitted cotton T-shirt");
    const invoice = pdfText((await renderAllocationDocument(world.db, alloc.id, "commercial_invoice"))!.pdf, "dap-invoice");
    expect(invoice).toContain("Incoterm: DAP San Jose, US");
    expect(invoice).toContain("payable by the consignee on import (DAP)");
    // AND another shop cannot reach the shipment's documents
    expect(await renderAllocationDocument(world.db, alloc.id, "commercial_invoice", { shopId: shop.id + 999 })).toBeNull();
  });

  it("dispatches a postal shipment with its invoice and CN23 as PDFs, and a retry after a timeout makes one warehouse order", async () => {
    // GIVEN a routed postal shipment, and a 3PL that creates the order but never answers the first create
    const { alloc } = await vietnamShipment("dispatch.myshopify.com", { carrier: "VNPost", mode: "air", ddp: false }, false);
    threePl.faults.update({ script: [{ fault: { kind: "timeout_after_commit" }, method: "POST", pathPrefix: "/v1/orders" }] });

    // WHEN dispatch times out, and the job retries
    await expect(dispatchAllocation({ db: world.db, logger, box: testSecretBox }, alloc.id, "t1")).rejects.toMatchObject({ retryable: true });
    expect(await dispatchAllocation({ db: world.db, logger, box: testSecretBox }, alloc.id, "t2")).toBe("accepted");

    // THEN the sandbox holds one order for the reference, and its own record lists the two PDFs
    expect(threePl.ordersPerReference().get(`demo/${alloc.clientReference}`)).toBe(1);
    const record = threePl.records.orders.find((r) => r.reference === alloc.clientReference)!;
    expect(record.documents.map((d) => d.typeCode)).toEqual(["CIN", "DCL"]);
    expect(record.documents.every((d) => d.format === "PDF" && d.bytes > 1000)).toBe(true);
    // AND the second create was the same body (the 3PL answered it as a replay, not a conflict)
    expect(threePl.records.requests.filter((r) => r.method === "POST" && r.path === "/v1/orders").map((r) => r.status)).toEqual([0, 200]);
    // AND the bytes the 3PL received are our invoice and CN23
    const images = threePl.world.getOrder(threePl.tenants[0]!, alloc.clientReference)!.body.document_images!;
    const invoice = pdfText(Buffer.from(images[0]!.content, "base64"), "received-invoice");
    expect(invoice).toContain("Commercial Invoice");
    expect(invoice).toContain(`CI-${alloc.clientReference}`);
    expect(pdfText(Buffer.from(images[1]!.content, "base64"), "received-cn23")).toContain("CN23 Customs Declaration");
  });

  it("has the sandbox 3PL refuse a document that is not a PDF or has a code it does not take", async () => {
    // GIVEN a valid create body; WHEN it carries a bad document THEN 422 naming the field, nothing created
    const tenant = threePl.tenants[0]!;
    const create = (reference: string, image: Record<string, unknown>) => fetch(`${threePl.url}/v1/orders`, {
      method: "POST", headers: { "content-type": "application/json", "x-api-key": tenant.apiKey },
      body: JSON.stringify({ reference, warehouse: "VN-HCM", display_id: "#1", ordered_at: "2026-11-25T09:00:00Z", service: "standard", ship_to: { country_code: "US" }, lines: [{ line_ref: "1", sku: "TEE", quantity: 1 }], document_images: [image] }),
    });
    const pdf = Buffer.from("%PDF-1.3 test").toString("base64");
    const badCode = await create("bad-code", { type_code: "COO", image_format: "PDF", content: pdf });
    expect(badCode.status).toBe(422);
    expect(await badCode.json()).toMatchObject({ error: { code: "VALIDATION", field: "document_images[0].type_code" } });
    const notPdf = await create("not-pdf", { type_code: "CIN", image_format: "PDF", content: Buffer.from("hello").toString("base64") });
    expect(await notPdf.json()).toMatchObject({ error: { field: "document_images[0].content" } });
    expect(threePl.records.orders.some((r) => r.reference === "bad-code" || r.reference === "not-pdf")).toBe(false);
    // AND a real PDF with CIN is taken
    expect((await create("good-pdf", { type_code: "CIN", image_format: "PDF", content: pdf })).status).toBe(201);
  });

  it("sends no documents with a domestic shipment", async () => {
    // GIVEN a US warehouse shipping to a US buyer
    const shop = await seedShop(world.db, "domestic.myshopify.com", { routingPolicy: "cheapest", maxSplits: 1 });
    const tenant = threePl.tenants[0]!;
    await seedWarehouse(world.db, shop.id, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"], connectorConfig: { baseUrl: threePl.url, apiKey: tenant.apiKey, webhookSecret: tenant.webhookSecret, partnerLocationId: "US-RNO" } });
    const o = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: "MUG", quantity: 1 }], { shipTo: SHIP_TO }));
    await routeAndReserve(world.db, o.orderId, o.revision, { now: NOW, correlationId: "t" });
    const [alloc] = await world.db.select().from(allocations).where(eq(allocations.orderId, o.orderId));
    expect(alloc).toMatchObject({ crossBorder: false, incoterm: null, postal: true });
    // WHEN dispatched THEN the 3PL's record has no documents
    expect(await dispatchAllocation({ db: world.db, logger, box: testSecretBox }, alloc!.id, "t")).toBe("accepted");
    expect(threePl.records.orders.find((r) => r.reference === alloc!.clientReference)!.documents).toEqual([]);
  });

  it("dispatches a cross-border shipment whose documents cannot be made, and says so on the order", async () => {
    // GIVEN a shipment whose product is described only as "Gift" (customs would reject the invoice)
    const { alloc, orderId, shop } = await vietnamShipment("vague.myshopify.com", { carrier: "DHL", mode: "express", ddp: true }, true);
    await world.db.update(skus).set({ customsDescription: "Gift" }).where(and(eq(skus.shopId, shop.id), eq(skus.sku, "TEE")));
    // WHEN dispatched THEN the warehouse still gets the order, without documents, and the timeline says why
    expect(await dispatchAllocation({ db: world.db, logger, box: testSecretBox }, alloc.id, "t")).toBe("accepted");
    expect(threePl.records.orders.find((r) => r.reference === alloc.clientReference)!.documents).toEqual([]);
    const events = await world.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId));
    expect(events.find((e) => e.kind === "customs_documents_missing")!.detail.reason).toMatch(/too vague/);
  });
});
