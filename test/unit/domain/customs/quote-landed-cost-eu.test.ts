import { describe, expect, it } from "vitest";
import { quoteLandedCost } from "~/domain/customs/quote-landed-cost";
import { IOSS, input, line } from "./quote-builders";

describe("quoteLandedCost — EU", () => {
  it("prices worked example A (§2.4): VN → DE, IOSS, 2026-12-01, €3 per distinct subheading and VAT on the passed-on duty", () => {
    // GIVEN 2 cotton T-shirts (6109.10) at €20 and a silk scarf (6214.10) at €35, shipping €10, IOSS seller
    const q = quoteLandedCost(input("DE", "2026-12-01", [line("6109.10", 2000, "EUR", { quantity: 2 }), line("6214.10", 3500, "EUR")], 1000, { seller: IOSS }));
    // THEN intrinsic 75 ≤ 150 → IOSS; 75 < 150 on/after 2026-07-01 → eu_flat_duty_3: 2 subheadings × €3 = €6.00
    expect(q.duty).toBe(600);
    // VAT 19% (DE) × (75 + 10 + 6) = 19% × 91 = 17.29, charged at checkout
    expect(q.importTax).toBe(1729);
    expect(q.taxCollectedAt).toBe("checkout");
    // customer pays at checkout (DDP): 75 + 10 + 6 + 17.29 = 108.29
    expect(q.total).toBe(10829);
    expect(q.dueAtCheckout).toBe(10829);
    expect(q.dueOnDelivery).toBe(0);
    // AND the explanation names the €3 rule with its sources and dates
    const flat = q.explanation.find((e) => e.code === "eu_flat_duty_3")!;
    expect(flat.effectiveFrom).toBe("2026-07-01");
    expect(flat.effectiveTo).toBe("2028-07-01");
    expect(flat.sources.map((s) => s.id)).toEqual(["S18", "S19", "S22"]);
  });

  it("leaves the flat duty out of the IOSS VAT base when it is paid at the door (DAP): 19% × 85 = 16.15", () => {
    // GIVEN example A shipped DAP: the €6 duty is not in the checkout price
    const q = quoteLandedCost(input("DE", "2026-12-01", [line("6109.10", 2000, "EUR", { quantity: 2 }), line("6214.10", 3500, "EUR")], 1000, { seller: IOSS, incoterm: "DAP" }));
    // THEN VAT 19% × (75 + 10) = 16.15 at checkout; the buyer pays the €6.00 duty on delivery
    expect(q.importTax).toBe(1615);
    expect(q.payer.duty).toBe("buyer");
    expect(q.dueAtCheckout).toBe(7500 + 1000 + 1615);
    expect(q.dueOnDelivery).toBe(600);
  });

  it("prices the counter-example of §2.4: non-IOSS €200 of T-shirts pays 12% duty on CIF and 19% import VAT", () => {
    // GIVEN 5 T-shirts at €40 = €200, freight to the EU border €15, no IOSS, DAP
    const q = quoteLandedCost(input("DE", "2026-12-01", [line("6109.10", 4000, "EUR", { quantity: 5 })], 1500, { incoterm: "DAP" }));
    // THEN customs value CIF = 200 + 15 = 215.00; duty 12% (CN 6109 10 00, indicative) × 215 = 25.80
    expect(q.customsValue).toBe(21500);
    expect(q.duty).toBe(2580);
    // import VAT 19% × (215 + 25.80) = 19% × 240.80 = 45.752 → 45.75
    expect(q.importTax).toBe(4575);
    // taxes due at the door: 25.80 + 45.75 = 71.55
    expect(q.dueOnDelivery).toBe(7155);
    expect(q.payer).toEqual({ duty: "buyer", importTax: "buyer", fees: "none" });
  });

  it("adds the carrier's clearance fee when duty and VAT are collected at the door", () => {
    // GIVEN the counter-example with a €12 carrier clearance fee
    const q = quoteLandedCost(input("DE", "2026-12-01", [line("6109.10", 4000, "EUR", { quantity: 5 })], 1500, { incoterm: "DAP", clearanceFee: { amount: 1200, currency: "EUR" } }));
    // THEN 71.55 + 12.00 = 83.55 on delivery, and the total is the sum of its terms: 200 + 15 + 25.80 + 45.75 + 12 = 298.55
    expect(q.fees).toBe(1200);
    expect(q.dueOnDelivery).toBe(8355);
    expect(q.total).toBe(29855);
  });

  it("relieves the same IOSS order of duty on 2026-06-30 and charges €3 per subheading from 2026-07-01", () => {
    const lines = () => [line("6109.10", 2000, "EUR", { quantity: 2 }), line("6214.10", 3500, "EUR")];
    // GIVEN example A one day before the change: eu_duty_relief_150 (≤ €150, to 2026-07-01)
    const before = quoteLandedCost(input("DE", "2026-06-30", lines(), 1000, { seller: IOSS }));
    // THEN no duty; VAT 19% × (75 + 10) = 16.15
    expect(before.duty).toBe(0);
    expect(before.importTax).toBe(1615);
    expect(before.explanation.some((e) => e.code === "eu_duty_relief_150")).toBe(true);
    // WHEN the day after: €6 duty, VAT 19% × 91 = 17.29
    const after = quoteLandedCost(input("DE", "2026-07-01", lines(), 1000, { seller: IOSS }));
    expect(after.duty).toBe(600);
    expect(after.importTax).toBe(1729);
  });

  it("counts two lines of the same 6-digit subheading once (FR, 20%)", () => {
    // GIVEN two T-shirts of 6109.10 (€20 and €25) and roasted coffee 0901.21 (€10), shipping €5, IOSS, 2026-12-01
    const q = quoteLandedCost(input("FR", "2026-12-01", [line("6109.10.00", 2000, "EUR"), line("6109.10.00", 2500, "EUR"), line("0901.21", 1000, "EUR")], 500, { seller: IOSS }));
    // THEN subheadings 610910 and 090121 → 2 × €3 = €6.00 (on the first line of each)
    expect(q.duty).toBe(600);
    expect(q.lines.map((l) => l.duty)).toEqual([300, 0, 300]);
    // VAT FR 20% × (55 + 5 + 6) = 20% × 66 = 13.20
    expect(q.importTax).toBe(1320);
  });

  it("charges ad-valorem duty at exactly €150 because the €3 needs < €150 while IOSS still covers ≤ €150 (NL)", () => {
    // GIVEN a €150.00 silk scarf, shipping €10, IOSS seller, 2026-12-01
    const q = quoteLandedCost(input("NL", "2026-12-01", [line("6214.10", 15000, "EUR")], 1000, { seller: IOSS }));
    // THEN no flat duty (150 is not < 150); duty 8% (CN 6214 10 00) × CIF (150 + 10) = 12.80
    expect(q.duty).toBe(1280);
    // VAT still at checkout (eu_ioss_150 is ≤ 150): NL 21% × (150 + 10 + 12.80) = 21% × 172.80 = 36.288 → 36.29
    expect(q.importTax).toBe(3629);
    expect(q.taxCollectedAt).toBe("checkout");
    // AND the value sits on the threshold, so a warning asks for a look
    expect(q.explanation.some((e) => e.code === "near_eu_ioss_150" && e.severity === "warning")).toBe(true);
  });

  it("charges the €3 just under €150 (NL, €149.99)", () => {
    const q = quoteLandedCost(input("NL", "2026-12-01", [line("6214.10", 14999, "EUR")], 1000, { seller: IOSS }));
    // THEN 1 subheading × €3; VAT 21% × (149.99 + 10 + 3) = 21% × 162.99 = 34.2279 → 34.23
    expect(q.duty).toBe(300);
    expect(q.importTax).toBe(3423);
  });

  it("charges a non-IOSS parcel under €150 standard duty from 2026-07-01 and only import VAT the day before (IT)", () => {
    const lines = () => [line("6109.10", 3000, "EUR")];
    // GIVEN a €30 T-shirt, shipping €8, no IOSS, DAP
    // WHEN 2026-06-30: eu_duty_relief_150 → duty 0; import VAT IT 22% × CIF 38 = 8.36
    const before = quoteLandedCost(input("IT", "2026-06-30", lines(), 800, { incoterm: "DAP" }));
    expect(before.duty).toBe(0);
    expect(before.importTax).toBe(836);
    expect(before.taxCollectedAt).toBe("border");
    // WHEN 2026-07-01: no relief, no €3 (needs IOSS) → 12% × 38 = 4.56; VAT 22% × (38 + 4.56) = 9.3632 → 9.36
    const after = quoteLandedCost(input("IT", "2026-07-01", lines(), 800, { incoterm: "DAP" }));
    expect(after.duty).toBe(456);
    expect(after.importTax).toBe(936);
  });

  it("applies Estonia's 22% until 2025-06-30 and 24% from 2025-07-01", () => {
    // GIVEN a €50 T-shirt, free shipping, IOSS (duty relieved before 2026-07-01)
    const at = (date: string) => quoteLandedCost(input("EE", date, [line("6109.10", 5000, "EUR")], 0, { seller: IOSS }));
    // THEN 22% × 50 = 11.00, then 24% × 50 = 12.00
    expect(at("2025-06-30").importTax).toBe(1100);
    expect(at("2025-07-01").importTax).toBe(1200);
  });

  it("applies Finland's 25.5% rate", () => {
    // GIVEN €40 T-shirt + €4 shipping, IOSS, 2026-03-01 (duty relief still in force)
    const q = quoteLandedCost(input("FI", "2026-03-01", [line("6109.10", 4000, "EUR")], 400, { seller: IOSS }));
    // THEN 25.5% × 44 = 11.22
    expect(q.importTax).toBe(1122);
    expect(q.duty).toBe(0);
  });

  it("converts a USD order to EUR with the dated rate given and records it on the quote", () => {
    // GIVEN 2 T-shirts at $20 and $10 shipping to DE, IOSS, with two EUR rates; the quote date picks the latest on or before it
    const fx = [
      { base: "USD", quote: "EUR", rate: 0.8, source: "ECB monthly customs rate", date: "2026-11-01" },
      { base: "USD", quote: "EUR", rate: 0.9, source: "ECB monthly customs rate", date: "2026-12-01" },
      { base: "USD", quote: "EUR", rate: 1.5, source: "ECB monthly customs rate", date: "2027-01-01" },
    ];
    const q = quoteLandedCost(input("DE", "2026-12-05", [line("6109.10", 2000, "USD", { quantity: 2 })], 1000, { seller: IOSS, fx }));
    // THEN $40 × 0.9 = €36.00, $10 × 0.9 = €9.00; €3 flat; VAT 19% × (36 + 9 + 3) = 19% × 48 = 9.12
    expect(q.goods).toBe(3600);
    expect(q.shipping).toBe(900);
    expect(q.duty).toBe(300);
    expect(q.importTax).toBe(912);
    expect(q.fx).toEqual([fx[1]]);
  });
});
