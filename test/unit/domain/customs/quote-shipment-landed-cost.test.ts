import { describe, expect, it } from "vitest";
import { createDangerousGoodsTerm } from "~/domain/customs/dangerous-goods-term";
import { createLandedCostTerm } from "~/domain/customs/landed-cost-term";
import { quoteShipmentLandedCost, type PlannedShipment } from "~/domain/customs/quote-shipment-landed-cost";
import type { CanonicalOrder } from "~/domain/order";
import type { ShipmentPlan } from "~/domain/routing/cost-term";
import type { CandidateWarehouse, RoutingLane } from "~/domain/routing/types";
import { line } from "./quote-builders";

const shipment = (over: Partial<PlannedShipment>): PlannedShipment => ({
  warehouse: { id: "VN-HCM", countryCode: "VN", dutiesPrepaid: false },
  destination: { country: "US" },
  lines: [line("6109.10", 1500, "USD", { quantity: 2 })],
  shipping: { amount: 1200, currency: "USD" },
  incoterm: "DDP", date: "2026-03-01", seller: { registrations: {} }, fx: [],
  ...over,
});

describe("quoteShipmentLandedCost", () => {
  it("charges a parcel from the Vietnam warehouse duty at the US border", () => {
    // worked example B on 2026-03-01: 4.95 MFN + 3.00 Section 122 = 7.95
    const r = quoteShipmentLandedCost(shipment({}));
    expect(r).toMatchObject({ basis: "border", amount: 795, duty: 795, tax: 0, currency: "USD" });
  });

  it("charges nothing per parcel from a US warehouse whose stock was cleared at bulk import", () => {
    const r = quoteShipmentLandedCost(shipment({ warehouse: { id: "US-RNO", countryCode: "US", dutiesPrepaid: true } }));
    expect(r).toMatchObject({ basis: "domestic_prepaid", amount: 0, duty: 0 });
    expect(r.explanation.some((e) => e.code === "us_sales_tax_out_of_scope")).toBe(true);
  });

  it("charges only the destination's VAT on a sale from a duty-paid German warehouse to France", () => {
    // GIVEN €55 of goods + €5 shipping from DE (duties prepaid) to FR
    const r = quoteShipmentLandedCost(shipment({
      warehouse: { id: "DE-BER", countryCode: "DE", dutiesPrepaid: true }, destination: { country: "FR" },
      lines: [line("6109.10", 5500, "EUR")], shipping: { amount: 500, currency: "EUR" }, date: "2026-12-01",
    }));
    // THEN no duty; FR VAT 20% × 60 = 12.00
    expect(r).toMatchObject({ basis: "domestic_prepaid", duty: 0, tax: 1200, amount: 1200 });
  });

  it("prices a parcel from a US 3PL to Canada as an import under the CUSMA courier thresholds", () => {
    // GIVEN CAD 100 of T-shirts from a US warehouse to ON (duty-prepaid in the US does not help in Canada)
    const r = quoteShipmentLandedCost(shipment({
      warehouse: { id: "US-RNO", countryCode: "US", dutiesPrepaid: true }, destination: { country: "CA", region: "ON" },
      lines: [line("6109.10", 10000, "CAD")], shipping: { amount: 0, currency: "CAD" }, date: "2026-12-01",
    }));
    // THEN duty-free ≤ CAD 150; HST 13% × 100 = 13.00
    expect(r).toMatchObject({ basis: "border", duty: 0, tax: 1300 });
  });
});

describe("createLandedCostTerm", () => {
  const order: CanonicalOrder = {
    channel: "shopify", shopDomain: "acme.myshopify.com", externalId: "1001", name: "#1001",
    updatedAt: "2026-03-01T00:00:00Z", placedAt: "2026-03-01T00:00:00Z", currency: "USD",
    lines: [{ externalLineId: "gid://shopify/LineItem/1", sku: "TEE", quantity: 2, unitPrice: 1500, currency: "USD", weightGrams: 200, hsCode: "6109.10.00.12", countryOfOrigin: "VN" }],
    shipTo: { countryCode: "US" }, shippingCharged: 1200,
  };
  const lane: RoutingLane = { destinations: ["US"], mode: "air", carrier: "dhl", transitDaysMin: 4, transitDaysMax: 7, baseCost: 1000, perKgCost: 800, surcharges: {}, currency: "USD", allowsLithium: false, ddp: true };
  const warehouse = (over: Partial<CandidateWarehouse>): CandidateWarehouse => ({
    id: "1", code: "VN-HCM", name: "HCM", countryCode: "VN", kind: "origin", priority: 0, capabilities: { lithium: false, ddp: true },
    handlingFee: 0, feeCurrency: "USD", cutoffTime: "14:00", timeZone: "Asia/Ho_Chi_Minh", dutiesPrepaid: false, stock: { TEE: 5 }, lanes: [lane], ...over,
  });
  const plan = (w: CandidateWarehouse, o: CanonicalOrder = order): ShipmentPlan => ({
    order: o, destination: "US", warehouse: w, lane, lines: o.lines.map((l) => ({ line: l, quantity: l.quantity })), weightGrams: 400, ddp: true, now: new Date("2026-03-01T10:00:00Z"),
  });
  const term = createLandedCostTerm({ seller: { registrations: {} }, fx: [] });

  it("is named duties_and_taxes and prices the origin warehouse's parcel above the pre-stocked one", () => {
    expect(term.name).toBe("duties_and_taxes");
    expect(term.amount(plan(warehouse({})))).toMatchObject({ amount: 795, currency: "USD" });
    expect(term.amount(plan(warehouse({ id: "2", code: "US-RNO", countryCode: "US", kind: "overseas", dutiesPrepaid: true })))).toMatchObject({ amount: 0, note: "duty settled at bulk import" });
  });

  it("says so instead of refusing when a line has no HS code", () => {
    const noHs = { ...order, lines: [{ ...order.lines[0]!, hsCode: undefined }] };
    expect(term.amount(plan(warehouse({}), noHs))).toMatchObject({ amount: 0, note: "not estimated: TEE has no HS code" });
  });

  it("does not apply to a destination without customs rules", () => {
    const br = { ...order, shipTo: { countryCode: "BR" } };
    expect(term.amount({ ...plan(warehouse({}), br), destination: "BR" })).toBeNull();
  });
});

describe("createDangerousGoodsTerm", () => {
  const lane = (carrier: string, mode: RoutingLane["mode"], allowsLithium = true): RoutingLane => ({ destinations: ["US"], mode, carrier, transitDaysMin: 4, transitDaysMax: 9, baseCost: 500, perKgCost: 900, surcharges: {}, currency: "USD", allowsLithium, ddp: false });
  const vn: CandidateWarehouse = { id: "1", code: "VN-HCM", name: "HCM", countryCode: "VN", kind: "origin", priority: 0, capabilities: { lithium: true, ddp: true }, handlingFee: 0, feeCurrency: "USD", cutoffTime: "14:00", timeZone: "Asia/Ho_Chi_Minh", dutiesPrepaid: false, stock: {}, lanes: [] };
  const order = (dangerousGoods: CanonicalOrder["lines"][number]["dangerousGoods"]): CanonicalOrder => ({
    channel: "shopify", shopDomain: "acme.myshopify.com", externalId: "1002", name: "#1002", updatedAt: "2026-12-01T00:00:00Z", placedAt: "2026-12-01T00:00:00Z", currency: "USD",
    lines: [{ externalLineId: "1", sku: "PB-10K", quantity: 1, unitPrice: 2500, currency: "USD", weightGrams: 250, hsCode: "8507.60", ...(dangerousGoods ? { dangerousGoods } : {}) }], shipTo: { countryCode: "US" },
  });
  const plan = (o: CanonicalOrder, l: RoutingLane): ShipmentPlan => ({ order: o, destination: "US", warehouse: vn, lane: l, lines: o.lines.map((x) => ({ line: x, quantity: 1 })), weightGrams: 250, ddp: false, now: new Date("2026-12-01T10:00:00Z") });
  const term = createDangerousGoodsTerm();

  it("refuses a power bank on the Vietnam Post lane with the screening's merchant sentence", () => {
    expect(term.amount(plan(order({ lithium: "ion_loose", wattHours: 37 }), lane("Vietnam Post", "air")))).toEqual({ refuse: expect.stringMatching(/PB-10K is a loose lithium battery/) });
  });

  it("passes goods without dangerous-goods data and sea freight", () => {
    expect(term.amount(plan(order(undefined), lane("Vietnam Post", "air")))).toBeNull();
    expect(term.amount(plan(order({ lithium: "ion_loose", wattHours: 37 }), lane("ONE", "sea", false)))).toBeNull();
  });
});
