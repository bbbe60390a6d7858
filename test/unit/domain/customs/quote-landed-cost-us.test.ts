import { describe, expect, it } from "vitest";
import { CustomsDataError } from "~/domain/customs/customs-error";
import { quoteLandedCost } from "~/domain/customs/quote-landed-cost";
import { input, line } from "./quote-builders";

// Worked example B (§2.5): 2 men's cotton T-shirts (HTSUS 6109.10.00.12) at $15, freight $12.
const exampleB = (date: string, extra: Parameters<typeof line>[3] = {}) =>
  quoteLandedCost(input("US", date, [line("6109.10.00.12", 1500, "USD", { quantity: 2, ...extra })], 1200));

describe("quoteLandedCost — US", () => {
  it("prices worked example B between 2025-08-29 and 2026-02-23: MFN 16.5% + IEEPA reciprocal 20% on $30 FOB", () => {
    const q = exampleB("2025-09-15");
    // THEN FOB excludes the $12 freight: customs value $30.00
    expect(q.customsValue).toBe(3000);
    // MFN 16.5% × 30 = 4.95 [S17]; us_ieepa_reciprocal_vn 20% × 30 = 6.00 → $10.95
    expect(q.lines[0]!.parts).toEqual([
      { code: "mfn_6109", ratePct: 16.5, amount: 495 },
      { code: "us_ieepa_reciprocal_vn", ratePct: 20, amount: 600 },
    ]);
    expect(q.duty).toBe(1095);
    // no federal import VAT; total = 30 + 12 + 10.95 = 52.95
    expect(q.importTax).toBe(0);
    expect(q.total).toBe(5295);
  });

  it("switches from IEEPA 20% (2026-02-23) to Section 122 10% (2026-02-24)", () => {
    // 2026-02-23: 4.95 + 6.00 = 10.95; 2026-02-24: 4.95 + 10% × 30 = 4.95 + 3.00 = 7.95
    expect(exampleB("2026-02-23").duty).toBe(1095);
    const after = exampleB("2026-02-24");
    expect(after.duty).toBe(795);
    expect(after.explanation.find((e) => e.code === "us_section_122")!.sources.map((s) => s.id)).toContain("S63");
  });

  it("charges MFN only from 2026-07-24, when Section 122 lapses, and flags the stack as unverified", () => {
    // 2026-07-23: 7.95; 2026-07-24: MFN 16.5% × 30 = 4.95
    expect(exampleB("2026-07-23").duty).toBe(795);
    const q = exampleB("2026-07-24");
    expect(q.duty).toBe(495);
    expect(q.explanation.find((e) => e.code === "us_after_s122")!.severity).toBe("warning");
  });

  it("lets a $30 parcel in duty-free under de minimis on 2025-08-28 and charges it from 2025-08-29", () => {
    // us_de_minimis_800 (≤ $800, to 2025-08-29 exclusive) → 0; the day after: 4.95 + 6.00 = 10.95
    expect(exampleB("2025-08-28").duty).toBe(0);
    expect(exampleB("2025-08-29").duty).toBe(1095);
  });

  it("keeps de minimis to $800: an $800.01 parcel was dutiable even before 2025-08-29", () => {
    // GIVEN one T-shirt line worth $800.01 on 2025-08-28 (IEEPA 20% in force from 2025-08-07)
    const q = quoteLandedCost(input("US", "2025-08-28", [line("6109.10", 80001, "USD")], 0));
    // THEN 16.5% × 800.01 = 132.00165 → 132.00; 20% × 800.01 = 160.002 → 160.00
    expect(q.duty).toBe(13200 + 16000);
  });

  it("applies the 40% transshipment rate instead of the 20% reciprocal rate on goods found transshipped", () => {
    // 4.95 MFN + 40% × 30 = 12.00 → 16.95; the reciprocal 20% does not stack with it
    const q = exampleB("2025-09-15", { transshipped: true });
    expect(q.duty).toBe(1695);
    expect(q.lines[0]!.parts.map((p) => p.code)).toEqual(["mfn_6109", "us_ieepa_transshipment"]);
  });

  it("does not charge Section 122 on USMCA-origin goods", () => {
    // GIVEN the same T-shirts made in Mexico, 2026-03-01 → MFN 4.95 only
    expect(exampleB("2026-03-01", { origin: "MX" }).duty).toBe(495);
  });

  it("charges Section 232 on kitchen cabinets without stacking Section 122, rising from 25% to 50% on 2027-01-01", () => {
    // GIVEN a $500 wooden kitchen cabinet (9403.40), free MFN (9403 row, indicative)
    const q = (date: string) => quoteLandedCost(input("US", date, [line("9403.40.90", 50000, "USD")], 0));
    // 2026-03-01: 0% MFN + 25% × 500 = 125.00 (Section 122 does not stack on 232 goods)
    expect(q("2026-03-01").duty).toBe(12500);
    expect(q("2026-03-01").lines[0]!.parts.map((p) => p.code)).toEqual(["mfn_9403", "us_s232_kitchen_cabinets"]);
    // 2026-12-31: 25% = 125.00; 2027-01-01: 50% × 500 = 250.00
    expect(q("2026-12-31").duty).toBe(12500);
    expect(q("2027-01-01").duty).toBe(25000);
  });

  it("refuses to guess a duty rate for an HS code with no row, naming the SKU for the merchant", () => {
    // GIVEN upholstered seating 9401.61, which has no MFN row
    const q = () => quoteLandedCost(input("US", "2026-12-01", [line("9401.61", 30000, "USD", { sku: "CHAIR-1" })], 0));
    expect(q).toThrow(CustomsDataError);
    expect(q).toThrow(/9401/);
    try { q(); } catch (e) { expect((e as CustomsDataError).merchantMessage).toMatch(/CHAIR-1/); }
  });
});
