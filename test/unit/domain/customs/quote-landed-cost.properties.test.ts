import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { QuoteInput, QuoteLine } from "~/domain/customs/landed-cost-types";
import { lookupRules } from "~/domain/customs/lookup-rules";
import { quoteLandedCost } from "~/domain/customs/quote-landed-cost";

const COUNTRIES = ["US", "DE", "FR", "NL", "IT", "EE", "GB", "JP", "AU", "CA"] as const;
// Both sides of every dated change in the rule files.
const DATES = ["2025-06-01", "2025-08-28", "2025-08-29", "2026-02-23", "2026-02-24", "2026-06-30", "2026-07-01", "2026-07-23", "2026-07-24", "2026-12-01", "2027-01-01", "2028-03-31", "2028-04-01"];
// Demo SKU families with a duty row in every rule set.
const HS = ["6109.10.00.12", "6205.20", "6214.10", "6214.90", "0901.11", "0901.21", "4420.90", "9403.60", "6912.00", "8507.60"];
const CURRENCY: Record<string, string> = { US: "USD", GB: "GBP", JP: "JPY", AU: "AUD", CA: "CAD" };
const currencyOf = (country: string) => CURRENCY[country] ?? "EUR";

const lineArb = (currency: string, maxValue: number) =>
  fc.record({
    hsCode: fc.constantFrom(...HS),
    origin: fc.constantFrom("VN", "VN", "MX", "CN"),
    quantity: fc.integer({ min: 1, max: 4 }),
    unitValue: fc.integer({ min: 0, max: maxValue }),
    originProof: fc.boolean(),
  }).map((l, i = 0): QuoteLine => ({ lineId: `L${l.hsCode}${l.unitValue}${i}`, currency, ...l }));

const inputArb = fc.constantFrom(...COUNTRIES).chain((country) => {
  const currency = currencyOf(country);
  const scale = currency === "JPY" ? 1 : 100;
  return fc.record({
    country: fc.constant(country),
    date: fc.constantFrom(...DATES),
    lines: fc.array(lineArb(currency, 400 * scale), { minLength: 1, maxLength: 3 }),
    shipping: fc.integer({ min: 0, max: 40 * scale }),
    incoterm: fc.constantFrom("DDP" as const, "DAP" as const),
    mode: fc.constantFrom("post" as const, "courier" as const),
    shipFrom: fc.constantFrom("VN", "US"),
    region: fc.constantFrom(undefined, "ON", "BC", "QC", "NS"),
    ioss: fc.boolean(), gb: fc.boolean(), au: fc.boolean(),
    fee: fc.option(fc.integer({ min: 0, max: 20 * scale }), { nil: undefined }),
  }).map((r): QuoteInput => ({
    destination: { country: r.country, ...(r.country === "CA" && r.region ? { region: r.region } : {}) },
    date: r.date, incoterm: r.incoterm, mode: r.mode, shipFrom: r.shipFrom,
    lines: r.lines.map((l, i) => ({ ...l, lineId: `L${i}` })),
    shipping: { amount: r.shipping, currency },
    seller: { registrations: { ...(r.ioss ? { ioss: "IM1" } : {}), ...(r.gb ? { gb_vat: "GB1" } : {}), ...(r.au ? { au_gst: "ARN1" } : {}) } },
    fx: [], ...(r.fee !== undefined ? { clearanceFee: { amount: r.fee, currency } } : {}),
  }));
});

describe("quoteLandedCost properties", () => {
  it("never produces a negative or fractional amount", () => {
    fc.assert(fc.property(inputArb, (input) => {
      const q = quoteLandedCost(input);
      for (const v of [q.goods, q.shipping, q.customsValue, q.duty, q.importTax, q.fees, q.total, q.dueAtCheckout, q.dueOnDelivery, ...q.lines.flatMap((l) => [l.duty, l.customsValue, ...l.parts.map((p) => p.amount)])]) {
        expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
      }
    }), { numRuns: 1000 });
  });

  it("makes a DDP quote equal to the sum of its terms, all due at checkout", () => {
    fc.assert(fc.property(inputArb, (input) => {
      const q = quoteLandedCost({ ...input, incoterm: "DDP" });
      expect(q.total).toBe(q.goods + q.shipping + q.duty + q.importTax + q.fees);
      expect(q.duty).toBe(q.lines.reduce((a, l) => a + l.parts.reduce((b, p) => b + p.amount, 0), 0));
      expect(q.dueAtCheckout).toBe(q.total);
      expect(q.dueOnDelivery).toBe(0);
    }), { numRuns: 1000 });
  });

  it("splits a DAP quote between checkout and delivery without losing a cent", () => {
    fc.assert(fc.property(inputArb, (input) => {
      const q = quoteLandedCost({ ...input, incoterm: "DAP" });
      expect(q.dueAtCheckout + q.dueOnDelivery).toBe(q.total);
      expect(q.dueAtCheckout).toBeGreaterThanOrEqual(q.goods + q.shipping);
    }), { numRuns: 500 });
  });

  it("never lowers a line's duty when its value rises, except where the EU €3 gives way to a lower TARIC duty", () => {
    fc.assert(fc.property(inputArb, fc.nat(), fc.integer({ min: 1, max: 100_000 }), (input, pick, delta) => {
      const k = pick % input.lines.length;
      const raised = { ...input, lines: input.lines.map((l, i) => (i === k ? { ...l, unitValue: l.unitValue + delta } : l)) };
      const before = quoteLandedCost(input);
      const after = quoteLandedCost(raised);
      const flatGaveWay = before.lines[k]!.parts.some((p) => p.code === "eu_flat_duty_3") && !after.lines[k]!.parts.some((p) => p.code === "eu_flat_duty_3");
      fc.pre(!flatGaveWay);
      expect(after.lines[k]!.duty).toBeGreaterThanOrEqual(before.lines[k]!.duty);
    }), { numRuns: 1000 });
  });

  it("documents the one exception: green coffee pays €3 under €150 and 0% TARIC duty above it", () => {
    // GIVEN an IOSS seller, 2026-12-01; €149 of green coffee (0901.11) → €3 flat; €151 → 0% × CIF = 0
    const q = (v: number) => quoteLandedCost({ destination: { country: "DE" }, date: "2026-12-01", incoterm: "DDP", lines: [{ lineId: "c", hsCode: "0901.11", origin: "VN", quantity: 1, unitValue: v, currency: "EUR" }], shipping: { amount: 0, currency: "EUR" }, seller: { registrations: { ioss: "IM1" } }, fx: [] });
    expect(q(14900).duty).toBe(300);
    expect(q(15100).duty).toBe(0);
  });

  it("charges no ad-valorem duty on a consignment under the destination's duty threshold", () => {
    // Destination/date pairs with a duty relief in force; JP excludes ch. 61, so those codes are left out there.
    const cases = [
      { country: "US", date: "2025-06-01", mode: "courier" as const }, { country: "DE", date: "2026-06-30", mode: "courier" as const },
      { country: "GB", date: "2026-12-01", mode: "courier" as const }, { country: "JP", date: "2026-12-01", mode: "courier" as const },
      { country: "AU", date: "2026-12-01", mode: "courier" as const }, { country: "CA", date: "2026-12-01", mode: "post" as const },
    ];
    const arb = fc.constantFrom(...cases).chain((c) => {
      const relief = lookupRules(c.country, c.date).thresholds.find((t) => t.kind === "duty_relief" && (!t.modes || t.modes.includes(c.mode)))!;
      const quarter = Math.floor(relief.max / 4); // ≤ 3 lines of ≤ max/4 plus shipping ≤ max/4 stays under the threshold
      const hs = c.country === "JP" ? HS.filter((h) => !h.startsWith("61")) : HS;
      return fc.record({
        c: fc.constant(c),
        lines: fc.array(fc.record({ hsCode: fc.constantFrom(...hs), unitValue: fc.integer({ min: 0, max: quarter }) }), { minLength: 1, maxLength: 3 }),
        shipping: fc.integer({ min: 0, max: quarter }),
      });
    });
    fc.assert(fc.property(arb, ({ c, lines, shipping }) => {
      const currency = currencyOf(c.country);
      const q = quoteLandedCost({
        destination: { country: c.country, ...(c.country === "CA" ? { region: "ON" } : {}) }, date: c.date, incoterm: "DDP", mode: c.mode,
        lines: lines.map((l, i) => ({ ...l, lineId: `L${i}`, origin: "VN", quantity: 1, currency })),
        shipping: { amount: shipping, currency }, seller: { registrations: {} }, fx: [],
      });
      expect(q.lines.flatMap((l) => l.parts.filter((p) => p.ratePct !== undefined))).toEqual([]);
      expect(q.duty).toBe(0);
    }), { numRuns: 500 });
  });
});
