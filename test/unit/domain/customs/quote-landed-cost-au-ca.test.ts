import { describe, expect, it } from "vitest";
import { CustomsDataError } from "~/domain/customs/customs-error";
import { quoteLandedCost } from "~/domain/customs/quote-landed-cost";
import { input, line } from "./quote-builders";

const AU_GST = { registrations: { au_gst: "ARN 3000 0000 000" } };

describe("quoteLandedCost — Australia", () => {
  it("has a registered vendor charge 10% GST at the sale on a consignment ≤ A$1,000", () => {
    // GIVEN a A$200 T-shirt + A$20 shipping; au_lvg_item_1000 and au_lvg_consignment_1000 pass
    const q = quoteLandedCost(input("AU", "2026-12-01", [line("6109.10", 20000, "AUD")], 2000, { seller: AU_GST }));
    // THEN no duty (au_border_duty_1000); GST 10% × (200 + 20) = 22.00 at checkout
    expect(q.duty).toBe(0);
    expect(q.importTax).toBe(2200);
    expect(q.taxCollectedAt).toBe("checkout");
  });

  it("charges no GST at all when the vendor is not registered and the parcel is ≤ A$1,000", () => {
    const q = quoteLandedCost(input("AU", "2026-12-01", [line("6109.10", 20000, "AUD")], 2000));
    // THEN tax_at_sale is optional and unused; au_border_gst_1000 relieves the border → 0
    expect(q.importTax).toBe(0);
    expect(q.taxCollectedAt).toBe("none");
  });

  it("moves GST to the border, on VoTI, when a consignment of low-value items exceeds A$1,000", () => {
    // GIVEN 2 ceramic bowls sets (6912) at A$600 each = A$1,200 FOB, freight A$50, registered vendor
    const q = quoteLandedCost(input("AU", "2026-12-01", [line("6912.00", 60000, "AUD", { quantity: 2 })], 5000, { seller: AU_GST, incoterm: "DAP" }));
    // THEN each item ≤ 1,000 but the consignment > 1,000 → GST at the border
    // duty 5% (indicative) × FOB 1,200 = 60.00; GST 10% × VoTI (1,200 + 60 + 50 freight) = 131.00
    expect(q.customsValue).toBe(120000);
    expect(q.duty).toBe(6000);
    expect(q.importTax).toBe(13100);
    expect(q.taxCollectedAt).toBe("border");
  });

  it("relieves duty at exactly A$1,000 customs value and charges it at A$1,000.01", () => {
    const at = (v: number) => quoteLandedCost(input("AU", "2026-12-01", [line("6214.10", v, "AUD")], 0, { incoterm: "DAP" }));
    expect(at(100000).duty).toBe(0);
    // 5% × 1,000.01 = 50.0005 → 50.00; GST 10% × 1,050.01 = 105.001 → 105.00
    expect(at(100001).duty).toBe(5000);
    expect(at(100001).importTax).toBe(10500);
  });
});

describe("quoteLandedCost — Canada", () => {
  it("lets a CAD 20.00 parcel from Vietnam in free and taxes CAD 20.01 at the province's HST (ON 13%)", () => {
    const at = (v: number) => quoteLandedCost({ ...input("CA", "2026-12-01", [line("0901.21", v, "CAD")], 500, { incoterm: "DAP", mode: "post" }), destination: { country: "CA", region: "ON" } });
    // ca_lvs_20_post: value for duty (FOB) 20.00 ≤ 20 → free
    expect(at(2000).duty + at(2000).importTax).toBe(0);
    // 20.01: coffee duty 0%; HST 13% × 20.01 = 2.6013 → 2.60
    expect(at(2001).duty).toBe(0);
    expect(at(2001).importTax).toBe(260);
  });

  it("uses the CUSMA courier thresholds for parcels shipped from a US warehouse (BC: GST only)", () => {
    const at = (v: number) => quoteLandedCost({ ...input("CA", "2026-12-01", [line("6109.10", v, "CAD")], 0, { shipFrom: "US", mode: "courier", incoterm: "DAP" }), destination: { country: "CA", region: "BC" } });
    // CAD 100: duty-free ≤ 150 (ca_cusma_courier_duty_150) but > 40 → GST 5% × 100 = 5.00 (BC PST not collected at the border)
    expect(at(10000).duty).toBe(0);
    expect(at(10000).importTax).toBe(500);
    // CAD 40.00: tax-free too (ca_cusma_courier_tax_40)
    expect(at(4000).importTax).toBe(0);
    // CAD 160: duty 18% (indicative) × 160 = 28.80; GST 5% × 188.80 = 9.44
    expect(at(16000).duty).toBe(2880);
    expect(at(16000).importTax).toBe(944);
  });

  it("does not give a courier parcel from Vietnam the US/MX thresholds", () => {
    // GIVEN the CAD 100 T-shirt by courier from VN, ON, with CPTPP proof
    const q = quoteLandedCost({ ...input("CA", "2026-12-01", [line("6109.10", 10000, "CAD", { originProof: true })], 0), destination: { country: "CA", region: "ON" } });
    // THEN > CAD 20: CPTPP 0% duty; HST 13% × 100 = 13.00
    expect(q.duty).toBe(0);
    expect(q.importTax).toBe(1300);
  });

  it("follows Nova Scotia's HST cut from 15% to 14% on 2025-04-01", () => {
    const at = (date: string) => quoteLandedCost({ ...input("CA", date, [line("0901.11", 10000, "CAD")], 0), destination: { country: "CA", region: "NS" } });
    // 15% × 100 = 15.00, then 14% × 100 = 14.00
    expect(at("2025-03-31").importTax).toBe(1500);
    expect(at("2025-04-01").importTax).toBe(1400);
  });

  it("warns and charges GST only when no province is given", () => {
    const q = quoteLandedCost(input("CA", "2026-12-01", [line("0901.11", 10000, "CAD")], 0));
    expect(q.importTax).toBe(500);
    expect(q.explanation.some((e) => e.code === "region_missing")).toBe(true);
  });
});

describe("quoteLandedCost — inputs it refuses", () => {
  it("names an unsupported destination", () => {
    expect(() => quoteLandedCost(input("BR", "2026-12-01", [line("6109.10", 1000, "USD")], 0))).toThrow(/BR/);
  });

  it("asks for the missing FX rate instead of guessing one", () => {
    const q = () => quoteLandedCost(input("DE", "2026-12-01", [line("6109.10", 1000, "USD")], 0));
    expect(q).toThrow(CustomsDataError);
    expect(q).toThrow(/USD->EUR/);
  });

  it("rejects an HS code shorter than 6 digits", () => {
    expect(() => quoteLandedCost(input("US", "2026-12-01", [line("6109", 1000, "USD")], 0))).toThrow(/6 digits/);
  });
});
