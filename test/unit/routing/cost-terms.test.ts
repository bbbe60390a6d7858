/**
 * The routing job's customs inputs: the seller's registrations read from shops.settings and the
 * reference FX table turned into the customs core's dated pairs.
 */
import { describe, expect, it } from "vitest";
import { parseStoredSettings, ShopSettingsSchema } from "../../../app/db/queries/settings.server";
import { customsFxRates, routingCostTerms, sellerFromSettings } from "../../../app/routing/cost-terms.server";
import { REFERENCE_FX } from "../../../app/routing/fx-reference";

describe("customs registrations in shop settings", () => {
  it("defaults to none when the stored settings predate them", () => {
    expect(parseStoredSettings({ routingPolicy: "fastest" }).customsRegistrations).toEqual({});
  });

  it("keeps valid registrations and drops an invalid field without losing the others", () => {
    const s = parseStoredSettings({ maxSplits: 3, customsRegistrations: { ioss: "IM2760000001", gb_vat: "GB123456789" } });
    expect(s.customsRegistrations).toEqual({ ioss: "IM2760000001", gb_vat: "GB123456789" });
    expect(s.maxSplits).toBe(3);
    const bad = parseStoredSettings({ maxSplits: 3, customsRegistrations: { ioss: 42 } });
    expect(bad.customsRegistrations).toEqual({});
    expect(bad.maxSplits).toBe(3);
  });

  it("is left out of a settings form's parse, so saving the form never erases stored registrations", () => {
    const parsed = ShopSettingsSchema.parse({ routingPolicy: "cheapest" });
    expect("customsRegistrations" in parsed).toBe(false);
  });

  it("gives the customs core only the registrations that are set", () => {
    expect(sellerFromSettings({ customsRegistrations: { au_gst: "ARN 3000 1234 5678" } })).toEqual({ registrations: { au_gst: "ARN 3000 1234 5678" } });
  });
});

describe("customs FX from the reference table", () => {
  it("gives every ordered pair with the table's date and source", () => {
    const rates = customsFxRates();
    const n = Object.keys(REFERENCE_FX.rates).length;
    expect(rates).toHaveLength(n * (n - 1));
    // 1 EUR = 1.06 USD and 1 GBP = 1.27 USD, so 1 EUR = 1.06 / 1.27 GBP.
    const eurGbp = rates.find((r) => r.base === "EUR" && r.quote === "GBP")!;
    expect(eurGbp.rate).toBeCloseTo(1.06 / 1.27, 10);
    expect(eurGbp).toMatchObject({ date: REFERENCE_FX.asOf, source: REFERENCE_FX.source });
  });

  it("builds the duty and dangerous-goods terms routing passes to the engine", () => {
    expect(routingCostTerms({}).map((t) => t.name)).toEqual(["duties_and_taxes", "dangerous_goods"]);
  });
});
