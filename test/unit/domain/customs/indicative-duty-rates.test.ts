import { describe, expect, it } from "vitest";
import { createLandedCostTerm } from "~/domain/customs/landed-cost-term";
import { quoteLandedCost } from "~/domain/customs/quote-landed-cost";
import { quoteShipmentLandedCost } from "~/domain/customs/quote-shipment-landed-cost";
import { DUTY_RATES } from "~/domain/customs/rules/duty-rates";
import { SOURCES } from "~/domain/customs/rules/sources";
import type { CanonicalOrder } from "~/domain/order";
import type { CandidateWarehouse, RoutingLane } from "~/domain/routing/types";
import { input, line } from "./quote-builders";

describe("duty rates carry their source, and unsourced ones say indicative", () => {
  it("gives every duty-rate row a known source id, and only sourced rows are verified", () => {
    for (const r of DUTY_RATES) {
      // GIVEN each row; THEN it names at least one source that exists in sources.ts
      expect(r.sources.length, `${r.ruleSet} ${r.hsPrefix}`).toBeGreaterThan(0);
      for (const id of r.sources) expect(SOURCES[id], `${r.ruleSet} ${r.hsPrefix} ${id}`).toBeDefined();
      // AND a row with no external source (NONE) is never marked verified
      if (r.sources.includes("NONE")) expect(r.confidence, `${r.ruleSet} ${r.hsPrefix}`).not.toBe("verified");
      if (r.confidence === "verified") expect(r.sources).not.toContain("NONE");
    }
  });

  it("has exactly one verified rate, US 6109 from HTS Hub [S17], as cross-border.md §3.3 says", () => {
    const verified = DUTY_RATES.filter((r) => r.confidence === "verified");
    expect(verified.map((r) => `${r.ruleSet} ${r.hsPrefix} ${r.sources.join(",")}`)).toEqual(["US 6109 S17"]);
  });

  it("marks a quote priced at the indicative EU 12% T-shirt rate as indicative, in the line text and a warning", () => {
    // GIVEN €200 of T-shirts to DE, non-IOSS: the 12% MFN row has no source (cross-border.md §3.3)
    const q = quoteLandedCost(input("DE", "2026-12-01", [line("6109.10", 4000, "EUR", { quantity: 5 })], 1500, { incoterm: "DAP" }));
    // THEN the quote is flagged, the MFN line says so, and a warning names the HS code
    expect(q.indicative).toBe(true);
    expect(q.explanation.find((e) => e.code === "mfn_6109")!.text).toContain("indicative rate, not binding");
    const warning = q.explanation.find((e) => e.code === "indicative_duty_rate")!;
    expect(warning).toMatchObject({ severity: "warning", confidence: "indicative" });
    expect(warning.text).toContain("6109.10");
  });

  it("does not call the sourced US 6109 rate indicative", () => {
    // GIVEN $30 of men's cotton T-shirts to the US after 2026-07-24 (MFN 16.5% [S17] only)
    const q = quoteLandedCost(input("US", "2026-11-25", [line("6109.10.00.12", 1500, "USD", { quantity: 2 })], 1200));
    expect(q.indicative).toBe(false);
    expect(q.explanation.some((e) => e.code === "indicative_duty_rate")).toBe(false);
    expect(q.explanation.find((e) => e.code === "mfn_6109")!.text).not.toContain("indicative");
  });

  it("does not flag a flat €3 IOSS duty, which uses no ad-valorem rate", () => {
    const q = quoteLandedCost(input("DE", "2026-12-01", [line("6109.10", 2000, "EUR")], 500, { seller: { registrations: { ioss: "IM2760000001" } } }));
    expect(q.duty).toBe(300);
    expect(q.indicative).toBe(false);
  });

  it("puts 'indicative' in the routing note of a shipment priced at an unsourced rate", () => {
    // GIVEN a silk scarf (US 6214.10 ~1%, indicative) from Vietnam to the US
    const r = quoteShipmentLandedCost({
      warehouse: { id: "VN-HCM", countryCode: "VN", dutiesPrepaid: false }, destination: { country: "US" },
      lines: [line("6214.10", 3500, "USD")], shipping: { amount: 0, currency: "USD" }, incoterm: "DDP", date: "2026-11-25", seller: { registrations: {} }, fx: [],
    });
    expect(r.note).toContain("indicative duty rate, not binding");
  });

  it("carries 'indicative' into the routing explanation's duties_and_taxes term", () => {
    // GIVEN the routing term pricing a silk scarf from Vietnam to the US (6214.10, indicative)
    const term = createLandedCostTerm({ seller: { registrations: {} }, fx: [] });
    const lane: RoutingLane = { destinations: ["US"], mode: "air", carrier: "dhl", transitDaysMin: 4, transitDaysMax: 7, baseCost: 1000, perKgCost: 800, surcharges: {}, currency: "USD", allowsLithium: false, ddp: true };
    const order: CanonicalOrder = {
      channel: "shopify", shopDomain: "acme.myshopify.com", externalId: "1", name: "#1", updatedAt: "2026-11-25T00:00:00Z", placedAt: "2026-11-25T00:00:00Z", currency: "USD",
      lines: [{ externalLineId: "1", sku: "SCARF", quantity: 1, unitPrice: 3500, currency: "USD", weightGrams: 60, hsCode: "6214.10", countryOfOrigin: "VN" }], shipTo: { countryCode: "US" },
    };
    const warehouse: CandidateWarehouse = { id: "1", code: "VN-HCM", name: "HCM", countryCode: "VN", kind: "origin", priority: 0, capabilities: { lithium: false, ddp: true }, handlingFee: 0, feeCurrency: "USD", cutoffTime: "14:00", timeZone: "UTC", dutiesPrepaid: false, stock: {}, lanes: [lane] };
    const amount = term.amount({ order, destination: "US", warehouse, lane, lines: [{ line: order.lines[0]!, quantity: 1 }], weightGrams: 60, ddp: true, now: new Date("2026-11-25T10:00:00Z") });
    // THEN the note stored with the decision says the rate is indicative
    expect(amount && "note" in amount ? amount.note : "").toContain("indicative duty rate, not binding");
  });
});
