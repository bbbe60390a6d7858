/**
 * Landed cost: quotes per second on one core for 3-line orders across the six destinations and the
 * dated changes, against a bare loop computing value × rate for the same lines (the floor any quote
 * costs). Then a generated month of orders routed with and without the "duties_and_taxes" term,
 * both priced on what is really paid (shipping + handling + duty + tax), on a small network of the
 * Vietnam origin warehouse and duty-paid 3PLs. Seeded PRNG; everything runs in this process.
 */
import type { Bench, BenchResult } from "./harness";
import type { FxRate } from "../app/domain/customs/convert-currency";
import { createLandedCostTerm } from "../app/domain/customs/landed-cost-term";
import type { QuoteInput } from "../app/domain/customs/landed-cost-types";
import { quoteLandedCost } from "../app/domain/customs/quote-landed-cost";
import type { OrderLine } from "../app/domain/order";
import type { ShipmentPlan } from "../app/domain/routing/cost-term";
import { routeOrder } from "../app/domain/routing/route-order";
import type { CandidateWarehouse, FxRates, RoutingLane, RoutingPolicy } from "../app/domain/routing/types";
import { seededRandom } from "../app/lib/seeded-random";


const DESTS = ["US", "DE", "FR", "NL", "GB", "JP", "AU", "CA"] as const;
const DATES = ["2025-09-15", "2026-03-01", "2026-06-30", "2026-07-01", "2026-12-01"];
const HS = ["6109.10.00.12", "6205.20", "6214.10", "0901.21", "4420.90", "9403.60", "6912.00", "8507.60"];
const TO_USD: Record<string, number> = { USD: 1, EUR: 1.08, GBP: 1.27, JPY: 0.0067, AUD: 0.66, CAD: 0.73 };
/** Customs FX as dated input: USD → each destination currency. */
const FX: FxRate[] = Object.entries(TO_USD).filter(([c]) => c !== "USD").map(([c, usd]) => ({ base: "USD", quote: c, rate: 1 / usd, source: "bench fixed rate", date: "2025-01-01" }));

function makeQuotes(rand: () => number, n: number): QuoteInput[] {
  return Array.from({ length: n }, (_, i) => {
    const country = DESTS[i % DESTS.length]!;
    return {
      destination: { country, ...(country === "CA" ? { region: "ON" } : {}) },
      date: DATES[Math.floor(rand() * DATES.length)]!,
      incoterm: rand() < 0.7 ? "DDP" : "DAP",
      lines: [0, 1, 2].map((j) => ({ lineId: `${i}-${j}`, hsCode: HS[Math.floor(rand() * HS.length)]!, origin: "VN", quantity: 1 + Math.floor(rand() * 2), unitValue: 500 + Math.floor(rand() * 8000), currency: "USD" })),
      shipping: { amount: 800 + Math.floor(rand() * 1500), currency: "USD" },
      seller: { registrations: rand() < 0.8 ? { ioss: "IM1", gb_vat: "GB1", au_gst: "ARN1" } : {} },
      fx: FX,
    };
  });
}

// ── A small network for the month: Vietnam origin plus duty-paid 3PLs. ──
const lane = (destinations: string[], mode: RoutingLane["mode"], carrier: string, tmin: number, tmax: number, base: number, perKg: number): RoutingLane =>
  ({ destinations, mode, carrier, transitDaysMin: tmin, transitDaysMax: tmax, baseCost: base, perKgCost: perKg, surcharges: {}, currency: "USD", allowsLithium: false, ddp: true });
const SKUS = Array.from({ length: 24 }, (_, i) => `SKU-${i}`);
const skuHs = (sku: string) => HS[Number(sku.slice(4)) % HS.length]!;

function network(rand: () => number): CandidateWarehouse[] {
  const w = (id: string, country: string, lanes: RoutingLane[], fee: number, share: number): CandidateWarehouse => ({
    id, code: id, name: id, countryCode: country, kind: country === "VN" ? "origin" : "overseas", priority: 0, capabilities: { lithium: false, ddp: true },
    handlingFee: fee, feeCurrency: "USD", cutoffTime: "14:00", timeZone: "UTC", dutiesPrepaid: country !== "VN", lanes,
    stock: Object.fromEntries(SKUS.filter(() => country === "VN" || rand() < share).map((s) => [s, country === "VN" ? 100_000 : 40])),
  });
  const EU = ["DE", "FR", "NL"];
  return [
    w("VN-HCM", "VN", [lane([...DESTS], "express", "DHL Express", 4, 7, 1500, 1800), lane([...DESTS], "air", "EMS", 8, 15, 500, 1100)], 80, 1),
    w("US-RNO", "US", [lane(["US"], "ground", "UPS", 2, 5, 500, 250), lane(["CA"], "ground", "UPS", 4, 7, 950, 300)], 250, 0.6),
    w("DE-LEJ", "DE", [lane(EU, "ground", "DPD", 1, 4, 450, 180)], 220, 0.5),
    w("GB-MKN", "GB", [lane(["GB"], "ground", "Royal Mail", 1, 3, 380, 150)], 200, 0.5),
    w("JP-NRT", "JP", [lane(["JP"], "ground", "Yamato", 1, 3, 520, 150)], 250, 0.5),
    w("AU-SYD", "AU", [lane(["AU"], "ground", "Australia Post", 2, 5, 700, 300)], 250, 0.5),
    w("CA-YYZ", "CA", [lane(["CA"], "ground", "Canada Post", 2, 6, 800, 300)], 250, 0.4),
  ];
}

const bench: Bench = {
  name: "landed-cost",
  description: "quoteLandedCost quotes/s (3-line orders) vs a bare value×rate loop; a month routed with vs without the duties_and_taxes term",
  async run(ctx) {
    const results: BenchResult[] = [];
    const quotes = makeQuotes(seededRandom(20261124), 4000);
    // The floor: the same lines, value × a rate, no rules, thresholds, FX or explanation.
    const rates = quotes.map((q) => q.lines.map(() => 0.12));
    let sink = 0;
    // Shared, oversubscribed machine: alternate short rounds of engine and baseline and keep each
    // one's best round, so a burst of someone else's load does not land on one side only.
    const round = (f: (i: number) => void) => {
      const budgetMs = 400 * Math.max(ctx.scale, 0.25);
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < budgetMs) for (let i = 0; i < 500; i++, n++) f(n % quotes.length);
      return Math.round(n / ((performance.now() - t0) / 1000));
    };
    const quote = (i: number) => { sink += quoteLandedCost(quotes[i]!).total; };
    const bareLoop = (i: number) => {
      const q = quotes[i]!, r = rates[i]!;
      let d = 0;
      for (let j = 0; j < q.lines.length; j++) d += Math.round(q.lines[j]!.unitValue * q.lines[j]!.quantity * r[j]!);
      sink += d;
    };
    for (let i = 0; i < 4000; i++) { quote(i); bareLoop(i); } // warm up the JIT
    let engine = 0, bare = 0;
    for (let r = 0; r < 5; r++) {
      engine = Math.max(engine, round(quote));
      bare = Math.max(bare, round(bareLoop));
      ctx.progress(`round ${r + 1}: quoteLandedCost best ${engine}/s, bare loop best ${bare}/s`);
    }
    if (sink === -1) ctx.progress("unreachable"); // keeps the loops from being optimised away
    results.push({ metric: "quotes_per_second", value: engine, unit: "quotes/s", baseline: bare, baselineLabel: "bare value×rate loop, same lines (best of 5 rounds each)", goal: "≥ 50,000/s on one core", met: engine >= 50_000 });

    // ── A month of orders: routing with the duty term vs without, priced on what is really paid ──
    const rand = seededRandom(7);
    const base = network(rand);
    const term = createLandedCostTerm({ seller: { registrations: { ioss: "IM1", gb_vat: "GB1", au_gst: "ARN1" } }, fx: FX });
    const fxRates: FxRates = { reportingCurrency: "USD", rates: TO_USD };
    const policy: RoutingPolicy = { objective: "cheapest", maxSplits: 1 };
    const n = Math.round(6000 * Math.max(ctx.scale, 0.25));
    const start = Date.UTC(2026, 10, 1);
    const orders = Array.from({ length: n }, (_, i) => {
      const dest = DESTS[Math.floor(rand() * DESTS.length)]!;
      const count = rand() < 0.6 ? 1 : rand() < 0.8 ? 2 : 3;
      const skus = new Set<string>();
      while (skus.size < count) skus.add(SKUS[Math.floor(rand() ** 1.5 * SKUS.length)]!);
      const lines: OrderLine[] = [...skus].map((sku, j) => ({ externalLineId: `${i}-${j}`, sku, quantity: 1, unitPrice: 1500 + Math.floor(rand() * 6000), currency: "USD", weightGrams: 300, hsCode: skuHs(sku), countryOfOrigin: "VN" }));
      const placed = new Date(start + Math.floor((i / n) * 30 * 86_400_000));
      return { order: { channel: "shopify" as const, shopDomain: "bench", externalId: String(i), name: `#${i}`, updatedAt: placed.toISOString(), placedAt: placed.toISOString(), currency: "USD", lines, shipTo: { countryCode: dest, ...(dest === "CA" ? { provinceCode: "ON" } : {}) }, shippingCharged: 900 }, now: placed };
    });
    const simulate = (withTerm: boolean) => {
      const ws = base.map((w) => ({ ...w, stock: { ...w.stock } }));
      let paid = 0, duties = 0, fromOrigin = 0, routed = 0;
      for (const o of orders) {
        const d = routeOrder({ ...o, warehouses: ws, policy, fx: fxRates, ...(withTerm ? { extraTerms: [term] } : {}) });
        if (d.status !== "routed") continue;
        routed++;
        for (const a of d.allocations) {
          const w = ws.find((x) => x.id === a.warehouseId)!;
          const lines = a.lines.map((l) => ({ line: o.order.lines.find((x) => x.externalLineId === l.externalLineId)!, quantity: l.quantity }));
          const plan: ShipmentPlan = { order: o.order, destination: o.order.shipTo.countryCode, warehouse: w, lane: w.lanes[a.lane.index]!, lines, weightGrams: a.weightGrams, ddp: true, now: o.now };
          const t = term.amount(plan);
          const dutyUsd = t && "amount" in t ? Math.round(t.amount * (TO_USD[t.currency] ?? 1) * (t.currency === "JPY" ? 100 : 1)) : 0;
          const shipUsd = a.cost.terms.filter((x) => x.name !== "duties_and_taxes").reduce((s, x) => s + x.amount, 0);
          paid += shipUsd + dutyUsd; duties += dutyUsd;
          if (w.kind === "origin") fromOrigin++;
          for (const l of a.lines) (w.stock as Record<string, number>)[l.sku]! -= l.quantity;
        }
      }
      return { paid, duties, fromOrigin, routed };
    };
    const without = simulate(false);
    const withDuty = simulate(true);
    ctx.progress(`month without term: ${JSON.stringify(without)}`);
    ctx.progress(`month with duties_and_taxes: ${JSON.stringify(withDuty)}`);
    const usd = (minor: number) => Math.round(minor) / 100;
    results.push(
      { metric: "month_landed_cost_with_duty_term", value: usd(withDuty.paid), unit: "USD", baseline: usd(without.paid), baselineLabel: "same routing without the duty term", goal: "≤ without the term", met: withDuty.paid <= without.paid },
      { metric: "month_duties_and_taxes_with_term", value: usd(withDuty.duties), unit: "USD", baseline: usd(without.duties), baselineLabel: "same routing without the duty term", goal: "informational" },
      { metric: "month_shipments_from_origin_with_term", value: withDuty.fromOrigin, unit: "shipments", baseline: without.fromOrigin, baselineLabel: "same routing without the duty term", goal: "informational" },
    );
    return results;
  },
};

export default bench;
