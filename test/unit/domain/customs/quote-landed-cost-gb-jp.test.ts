import { describe, expect, it } from "vitest";
import { quoteLandedCost } from "~/domain/customs/quote-landed-cost";
import { input, line } from "./quote-builders";

const GB_VAT = { registrations: { gb_vat: "GB123456789" } };

describe("quoteLandedCost — UK", () => {
  it("charges UK VAT at the sale and no duty at exactly £135", () => {
    // GIVEN a £135.00 T-shirt order + £5 shipping, seller UK VAT registered
    const q = quoteLandedCost(input("GB", "2026-12-01", [line("6109.10", 13500, "GBP")], 500, { seller: GB_VAT }));
    // THEN gb_duty_relief_135 (≤ £135 intrinsic) → duty 0; gb_vat_at_sale_135 → 20% × (135 + 5) = 28.00 at checkout
    expect(q.duty).toBe(0);
    expect(q.importTax).toBe(2800);
    expect(q.taxCollectedAt).toBe("checkout");
  });

  it("charges duty on CIF and import VAT at the border at £135.01", () => {
    const q = quoteLandedCost(input("GB", "2026-12-01", [line("6109.10", 13501, "GBP")], 500, { seller: GB_VAT, incoterm: "DAP" }));
    // THEN duty 12% (indicative) × CIF 140.01 = 16.8012 → 16.80; VAT 20% × (140.01 + 16.80) = 31.362 → 31.36
    expect(q.duty).toBe(1680);
    expect(q.importTax).toBe(3136);
    expect(q.taxCollectedAt).toBe("border");
    expect(q.dueOnDelivery).toBe(1680 + 3136);
  });

  it("warns when a seller without UK VAT registration sells under £135, and still quotes the VAT", () => {
    // GIVEN a £20 scarf + £3 shipping, no UK VAT number
    const q = quoteLandedCost(input("GB", "2026-12-01", [line("6214.10", 2000, "GBP")], 300));
    // THEN VAT 20% × 23 = 4.60 quoted at checkout, with a warning to register (mandatory for non-established sellers)
    expect(q.importTax).toBe(460);
    expect(q.explanation.find((e) => e.code === "registration_missing")!.severity).toBe("warning");
  });
});

describe("quoteLandedCost — Japan", () => {
  it("exempts a ¥10,000 CIF declaration of coffee from duty and consumption tax, and taxes ¥10,001 at the 8% food rate", () => {
    // GIVEN roasted coffee ¥9,000 + ¥1,000 shipping → CIF 10,000 ≤ 10,000 (jp_small_value_*)
    const at = (value: number) => quoteLandedCost(input("JP", "2026-12-01", [line("0901.21", value, "JPY")], 1000, { incoterm: "DAP" }));
    expect(at(9000).duty).toBe(0);
    expect(at(9000).importTax).toBe(0);
    // WHEN ¥9,001 → CIF 10,001: duty 0% (coffee); tax 8% (reduced, food) × 10,001 = 800.08 → ¥800
    expect(at(9001).duty).toBe(0);
    expect(at(9001).importTax).toBe(800);
  });

  it("charges duty and tax on knitted T-shirts even under ¥10,000 (designated articles)", () => {
    // GIVEN a ¥3,000 knitted T-shirt (ch. 61) + ¥500 shipping → CIF 3,500
    const q = quoteLandedCost(input("JP", "2026-12-01", [line("6109.10", 3000, "JPY")], 500, { incoterm: "DAP" }));
    // THEN duty 10.9% (indicative) × 3,500 = 381.5 → ¥382; tax 10% × (3,500 + 382) = 388.2 → ¥388
    expect(q.duty).toBe(382);
    expect(q.importTax).toBe(388);
    expect(q.explanation.some((e) => e.code === "jp_small_value_duty_10000_excluded")).toBe(true);
  });

  it("makes the seller liable for consumption tax on small parcels from 2028-04-01", () => {
    // GIVEN a ¥5,000 silk scarf + ¥1,000 shipping (CIF 6,000)
    const at = (date: string) => quoteLandedCost(input("JP", date, [line("6214.10", 5000, "JPY")], 1000));
    // 2028-03-31: exempt from duty and tax
    expect(at("2028-03-31").importTax).toBe(0);
    // 2028-04-01: jp_ct_at_sale_10000 → 10% × 6,000 = ¥600 at checkout; duty still relieved
    const after = at("2028-04-01");
    expect(after.importTax).toBe(600);
    expect(after.taxCollectedAt).toBe("checkout");
    expect(after.duty).toBe(0);
  });

  it("applies the CPTPP 0% preference only with proof of origin", () => {
    // GIVEN a ¥20,000 T-shirt + ¥2,000 shipping → CIF 22,000 > 10,000
    const q = (originProof: boolean) => quoteLandedCost(input("JP", "2026-12-01", [line("6109.10", 20000, "JPY", { originProof })], 2000));
    // with proof: duty 0; tax 10% × 22,000 = 2,200
    expect(q(true).duty).toBe(0);
    expect(q(true).importTax).toBe(2200);
    // without: duty 10.9% × 22,000 = 2,398; tax 10% × 24,398 = 2,439.8 → 2,440
    expect(q(false).duty).toBe(2398);
    expect(q(false).importTax).toBe(2440);
  });
});
