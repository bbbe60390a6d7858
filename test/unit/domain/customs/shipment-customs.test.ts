import { describe, expect, it } from "vitest";
import { isPostalCarrier, recordShipmentCustoms } from "~/domain/customs/shipment-customs";
import type { CanonicalOrder } from "~/domain/order";
import type { ShipmentPlan } from "~/domain/routing/cost-term";
import type { CandidateWarehouse, RoutingLane } from "~/domain/routing/types";

const order = (country = "US", hsCode = "6109.10.00.12"): CanonicalOrder => ({
  channel: "shopify", shopDomain: "acme.myshopify.com", externalId: "1001", name: "#1001",
  updatedAt: "2026-11-25T00:00:00Z", placedAt: "2026-11-25T00:00:00Z", currency: "USD",
  lines: [{ externalLineId: "1", sku: "TEE", quantity: 2, unitPrice: 1500, currency: "USD", weightGrams: 200, ...(hsCode ? { hsCode } : {}), countryOfOrigin: "VN" }],
  shipTo: { countryCode: country }, shippingCharged: 1200,
});
const lane = (carrier: string, ddp: boolean): RoutingLane => ({ destinations: ["US", "DE", "FR"], mode: "air", carrier, transitDaysMin: 4, transitDaysMax: 9, baseCost: 500, perKgCost: 900, surcharges: {}, currency: "USD", allowsLithium: false, ddp });
const warehouse = (countryCode: string, ddp: boolean, dutiesPrepaid = false): CandidateWarehouse => ({
  id: "1", code: `${countryCode}-W`, name: "W", countryCode, kind: countryCode === "VN" ? "origin" : "overseas", priority: 0, capabilities: { lithium: false, ddp },
  handlingFee: 0, feeCurrency: "USD", cutoffTime: "14:00", timeZone: "UTC", dutiesPrepaid, stock: {}, lanes: [],
});
const plan = (w: CandidateWarehouse, l: RoutingLane, o = order()): ShipmentPlan => ({
  order: o, destination: o.shipTo.countryCode, warehouse: w, lane: l, lines: o.lines.map((x) => ({ line: x, quantity: x.quantity })), weightGrams: 400,
  ddp: w.capabilities.ddp && l.ddp, now: new Date("2026-11-25T10:00:00Z"),
});
const opts = { seller: { registrations: {} }, fx: [] };

describe("recordShipmentCustoms", () => {
  it("records a DDP courier parcel from Vietnam to the US with its duty quote", () => {
    // GIVEN a warehouse and a DHL lane that both deliver duties paid
    const r = recordShipmentCustoms(plan(warehouse("VN", true), lane("dhl", true)), opts);
    // THEN cross-border, not postal, DDP; US MFN 16.5% × $30 FOB = 4.95 [S17], paid by the seller
    expect(r).toMatchObject({ crossBorder: true, postal: false, incoterm: "DDP" });
    expect(r.landedCost).toMatchObject({ basis: "border", currency: "USD", duty: 495, tax: 0, ruleSet: "US", indicative: false, date: "2026-11-25" });
    expect(r.landedCost!.payer!.duty).toBe("seller");
  });

  it("records DAP when only the lane (not the warehouse) offers DDP, and flags a postal carrier", () => {
    const r = recordShipmentCustoms(plan(warehouse("VN", false), lane("Vietnam Post", true)), opts);
    expect(r).toMatchObject({ crossBorder: true, postal: true, incoterm: "DAP" });
    expect(r.landedCost!.payer!.duty).toBe("buyer");
  });

  it("records FX rate, source and date when the quote converts", () => {
    // GIVEN a USD order to Germany: duty in EUR needs USD→EUR
    const fx = [{ base: "USD", quote: "EUR", rate: 0.94, source: "test table", date: "2026-11-24" }];
    const r = recordShipmentCustoms(plan(warehouse("VN", true), lane("dhl", true), order("DE")), { ...opts, fx });
    expect(r.landedCost!.fx).toEqual(fx);
    expect(r.landedCost!.currency).toBe("EUR");
  });

  it("records a domestic shipment (US 3PL to a US buyer, or DE to FR) with no incoterm", () => {
    expect(recordShipmentCustoms(plan(warehouse("US", true, true), lane("usps", true)), opts)).toMatchObject({ crossBorder: false, postal: true, incoterm: null });
    expect(recordShipmentCustoms(plan(warehouse("DE", true, true), lane("dhl", true), order("FR")), opts)).toMatchObject({ crossBorder: false, incoterm: null });
  });

  it("records why the quote is missing rather than failing routing", () => {
    const r = recordShipmentCustoms(plan(warehouse("VN", true), lane("dhl", true), order("US", "")), opts);
    expect(r.landedCost).toMatchObject({ basis: "not_estimated", note: "not estimated: TEE has no HS code" });
  });
});

describe("isPostalCarrier", () => {
  it("matches designated posts case-insensitively and nothing else", () => {
    expect(isPostalCarrier("VNPost")).toBe(true);
    expect(isPostalCarrier("Royal Mail")).toBe(true);
    expect(isPostalCarrier("dhl")).toBe(false);
    expect(isPostalCarrier(null)).toBe(false);
  });
});
