/**
 * Routing: decisions per second for 5-line orders over 20 warehouses, and a generated month of
 * orders routed by Corridor's policy versus the rule many merchants start with, "the closest
 * warehouse that has the stock". Both run in this process on the same network and orders (seeded
 * PRNG), each with its own copy of stock that its own decisions deplete.
 */
import type { Bench, BenchResult } from "./harness";
import type { OrderLine } from "../app/domain/order";
import { routeOrder } from "../app/domain/routing/route-order";
import type { CandidateWarehouse, FxRates, RoutingInput, RoutingLane, RoutingPolicy } from "../app/domain/routing/types";
import { seededRandom } from "../app/lib/seeded-random";


// Country centroids (lat, lon) for "closest"; destinations weighted like a Vietnamese DTC brand's mix.
const PLACES: Record<string, [number, number]> = {
  VN: [10.8, 106.7], US: [39.5, -98.4], GB: [52.4, -1.5], DE: [51.2, 10.4], FR: [46.6, 2.4], NL: [52.2, 5.3], IT: [42.8, 12.5],
  ES: [40.4, -3.7], SE: [62.2, 17.6], IE: [53.4, -8.2], JP: [36.2, 138.3], AU: [-25.3, 133.8], NZ: [-41.0, 174.0], CA: [56.1, -106.3],
};
const MIX: [string, number][] = [["US", 34], ["GB", 11], ["DE", 9], ["FR", 6], ["NL", 3], ["IT", 3], ["ES", 3], ["SE", 2], ["IE", 2], ["JP", 9], ["AU", 8], ["NZ", 2], ["CA", 8]];
const EU = ["DE", "FR", "NL", "IT", "ES", "SE", "IE"];
const ALL = Object.keys(PLACES).filter((c) => c !== "VN");

function distanceKm(a: string, b: string): number {
  const [la1, lo1] = PLACES[a]!;
  const [la2, lo2] = PLACES[b]!;
  const r = Math.PI / 180;
  const h = Math.sin(((la2 - la1) * r) / 2) ** 2 + Math.cos(la1 * r) * Math.cos(la2 * r) * Math.sin(((lo2 - lo1) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

const SKUS = Array.from({ length: 40 }, (_, i) => `SKU-${String(i).padStart(2, "0")}`);
const LITHIUM_SKUS = new Set(["SKU-07", "SKU-23"]);
const WEIGHT = (sku: string) => 150 + ((Number(sku.slice(4)) * 97) % 900);

const ln = (destinations: string[], mode: RoutingLane["mode"], carrier: string, tmin: number, tmax: number, base: number, perKg: number, lithium = false): RoutingLane =>
  ({ destinations, mode, carrier, transitDaysMin: tmin, transitDaysMax: tmax, baseCost: base, perKgCost: perKg, surcharges: base > 1000 ? { fuel: Math.round(base * 0.12) } : {}, currency: "USD", allowsLithium: lithium, ddp: mode === "express" });

/** 20 warehouses: Vietnam origin plus 3PLs in the US, UK, EU, Japan, Australia and Canada. */
function network(rand: () => number): CandidateWarehouse[] {
  const w = (id: string, country: string, tz: string, kind: "origin" | "overseas", lanes: RoutingLane[], fee: number, stockShare: number, lithium = false): CandidateWarehouse => ({
    id, code: id, name: id, countryCode: country, kind, priority: 0, capabilities: { lithium, ddp: true }, handlingFee: fee, feeCurrency: "USD",
    cutoffTime: kind === "origin" ? "15:00" : "14:00", timeZone: tz, dutiesPrepaid: kind === "overseas", lanes,
    stock: Object.fromEntries(SKUS.filter(() => rand() < stockShare).map((s) => [s, kind === "origin" ? 5000 : Math.floor(10 + rand() * 60)])),
  });
  const us = (id: string, tz: string) => w(id, "US", tz, "overseas", [ln(["US"], "ground", "USPS", 2, 5, 450, 250), ln(["US"], "express", "UPS", 1, 2, 1200, 350, true), ln(["CA"], "ground", "UPS", 4, 7, 900, 300)], 250, 0.45, true);
  const eu = (id: string, c: string, tz: string) => w(id, c, tz, "overseas", [ln([c], "ground", "DHL Paket", 1, 3, 400, 150), ln(EU.filter((x) => x !== c), "ground", "DPD", 3, 5, 750, 200), ln([...EU, "GB"], "express", "DHL Express", 1, 3, 1400, 400, true)], 220, 0.4, c === "DE");
  return [
    w("VN-HCM", "VN", "Asia/Ho_Chi_Minh", "origin", [ln(ALL, "air", "Vietnam Post", 10, 20, 400, 1100), ln(ALL, "express", "DHL Express", 4, 7, 1800, 2400, true), ln(["US", "AU", "JP"], "sea", "ONE", 30, 45, 2500, 120)], 100, 1, true),
    us("US-RNO", "America/Los_Angeles"), us("US-ONT", "America/Los_Angeles"), us("US-DFW", "America/Chicago"), us("US-EWR", "America/New_York"), us("US-ATL", "America/New_York"),
    w("GB-MKN", "GB", "Europe/London", "overseas", [ln(["GB"], "ground", "Royal Mail", 1, 3, 350, 150), ln(EU, "ground", "DPD", 3, 6, 900, 250), ln(["GB", ...EU], "express", "DHL Express", 1, 3, 1400, 400, true)], 200, 0.5, true),
    w("GB-MAN", "GB", "Europe/London", "overseas", [ln(["GB"], "ground", "Evri", 2, 4, 300, 150), ln(["IE"], "ground", "DPD", 2, 4, 700, 200)], 180, 0.3),
    eu("DE-LEJ", "DE", "Europe/Berlin"), eu("DE-HAM", "DE", "Europe/Berlin"), eu("FR-ORY", "FR", "Europe/Paris"), eu("NL-AMS", "NL", "Europe/Amsterdam"), eu("ES-MAD", "ES", "Europe/Madrid"),
    w("JP-NRT", "JP", "Asia/Tokyo", "overseas", [ln(["JP"], "ground", "Japan Post", 1, 3, 500, 150), ln(["JP"], "express", "Yamato", 1, 2, 900, 200)], 250, 0.45),
    w("JP-KIX", "JP", "Asia/Tokyo", "overseas", [ln(["JP"], "ground", "Sagawa", 1, 3, 480, 160)], 240, 0.3),
    w("AU-SYD", "AU", "Australia/Sydney", "overseas", [ln(["AU"], "ground", "Australia Post", 2, 5, 700, 300), ln(["NZ"], "air", "Aramex", 4, 7, 1300, 600)], 250, 0.45, true),
    w("AU-PER", "AU", "Australia/Perth", "overseas", [ln(["AU"], "ground", "Australia Post", 3, 6, 650, 320)], 230, 0.25),
    w("CA-YYZ", "CA", "America/Toronto", "overseas", [ln(["CA"], "ground", "Canada Post", 2, 6, 800, 300), ln(["US"], "ground", "UPS", 3, 6, 900, 300)], 250, 0.4),
    w("CA-YVR", "CA", "America/Vancouver", "overseas", [ln(["CA"], "ground", "Purolator", 2, 5, 850, 280)], 240, 0.3),
    w("SE-GOT", "SE", "Europe/Stockholm", "overseas", [ln(["SE"], "ground", "PostNord", 1, 3, 450, 150), ln(EU, "ground", "PostNord", 3, 6, 900, 250)], 220, 0.2),
  ];
}

/** Lines per order: 5 for the throughput test; a storefront's mix (mostly 1–2) for the month. */
const FIVE = () => 5;
const STOREFRONT_MIX = (rand: () => number) => { const x = rand(); return x < 0.55 ? 1 : x < 0.8 ? 2 : x < 0.93 ? 3 : x < 0.98 ? 4 : 5; };

function makeOrders(rand: () => number, n: number, start: number, spanMs: number, lineCount: (rand: () => number) => number = FIVE): { input: Omit<RoutingInput, "warehouses" | "policy" | "fx">; dest: string }[] {
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  const pickDest = () => {
    let x = rand() * total;
    for (const [c, wgt] of MIX) if ((x -= wgt) < 0) return c;
    return "US";
  };
  return Array.from({ length: n }, (_, i) => {
    const dest = pickDest();
    const skus = new Set<string>();
    const want = lineCount(rand);
    // Popular SKUs sell more: a skewed pick makes overseas stock run down the way best sellers do.
    while (skus.size < want) skus.add(SKUS[Math.floor(rand() ** 1.6 * SKUS.length)]!);
    const lines: OrderLine[] = [...skus].map((sku, j) => ({
      externalLineId: `${i}-${j}`, sku, quantity: rand() < 0.8 ? 1 : 2, unitPrice: 2500, currency: "USD", weightGrams: WEIGHT(sku),
      dangerousGoods: LITHIUM_SKUS.has(sku) ? { lithium: "ion_in_equipment" as const, wattHours: 37 } : undefined,
    }));
    const placed = new Date(start + Math.floor((i / n) * spanMs + rand() * 3_600_000));
    return {
      dest,
      input: {
        order: { channel: "shopify", shopDomain: "bench.myshopify.com", externalId: String(i), name: `#${i}`, updatedAt: placed.toISOString(), placedAt: placed.toISOString(), currency: "USD", lines, shipTo: { countryCode: dest } },
        now: placed,
      },
    };
  });
}

/** The naive rule: nearest warehouse holding all lines (else per line), its cheapest lane that may carry the goods. */
function closestWithStock(ws: readonly CandidateWarehouse[], input: Omit<RoutingInput, "warehouses" | "policy" | "fx">, byDistance: Map<string, CandidateWarehouse[]>) {
  const dest = input.order.shipTo.countryCode;
  let sorted = byDistance.get(dest);
  if (!sorted) byDistance.set(dest, (sorted = [...ws].sort((a, b) => distanceKm(a.countryCode, dest) - distanceKm(b.countryCode, dest))));
  const lines = input.order.lines;
  const laneFor = (w: CandidateWarehouse, part: OrderLine[]) => {
    const li = part.some((l) => l.dangerousGoods?.lithium && l.dangerousGoods.lithium !== "none");
    let best: RoutingLane | undefined;
    for (const l of w.lanes) {
      if (!l.destinations.includes(dest) || (li && (l.mode === "air" || l.mode === "express") && !(w.capabilities.lithium && l.allowsLithium))) continue;
      if (!best || l.baseCost < best.baseCost) best = l;
    }
    return best;
  };
  const whole = sorted.find((w) => lines.every((l) => (w.stock[l.sku] ?? 0) >= l.quantity) && laneFor(w, lines));
  if (whole) return [{ w: whole, lane: laneFor(whole, lines)!, lines }];
  const parts = new Map<CandidateWarehouse, OrderLine[]>();
  for (const l of lines) {
    const w = sorted.find((x) => (x.stock[l.sku] ?? 0) >= l.quantity && laneFor(x, [l]));
    if (!w) return undefined;
    parts.set(w, [...(parts.get(w) ?? []), l]);
  }
  const out = [];
  for (const [w, part] of parts) {
    const lane = laneFor(w, part);
    if (!lane) return undefined;
    out.push({ w, lane, lines: part });
  }
  return out;
}

const FX: FxRates = { reportingCurrency: "USD", rates: {} };
const PROMISE = 7;
const POLICY: RoutingPolicy = { objective: "balanced", promiseDays: PROMISE, maxSplits: 2 };

const bench: Bench = {
  name: "routing",
  description: "routeOrder decisions/s (5 lines × 20 warehouses) and a month of orders vs closest-with-stock",
  async run(ctx) {
    const rand = seededRandom(20261102);
    const ws = network(rand);
    const results: BenchResult[] = [];

    // ── Throughput ──
    const sample = makeOrders(rand, 2000, Date.UTC(2026, 10, 2), 86_400_000).map((o) => ({ ...o.input, warehouses: ws, policy: POLICY, fx: FX }));
    const byDistance = new Map<string, CandidateWarehouse[]>();
    // Best of several short windows: on a shared machine a window that another process preempted
    // measures the neighbour, not us. Engine and baseline are measured the same way, back to back.
    const timeIt = (label: string, f: (i: number) => unknown, totalMs = 2500) => {
      for (let i = 0; i < 2000; i++) f(i); // warm up the JIT
      const windows = 5;
      const windowMs = (totalMs * Math.max(ctx.scale, 0.25)) / windows;
      let best = 0;
      let n = 0;
      for (let w = 0; w < windows; w++) {
        let done = 0;
        const t0 = performance.now();
        while (performance.now() - t0 < windowMs) for (let i = 0; i < 200; i++, done++, n++) f(n % 2000);
        best = Math.max(best, done / ((performance.now() - t0) / 1000));
      }
      ctx.progress(`${label}: ${Math.round(best)} decisions/s (best of ${windows} windows)`);
      return Math.round(best);
    };
    const engine = timeIt("routeOrder", (i) => routeOrder(sample[i]!));
    const naive = timeIt("closest-with-stock", (i) => closestWithStock(ws, sample[i]!, byDistance));
    results.push({ metric: "decisions_per_second", value: engine, unit: "decisions/s", baseline: naive, baselineLabel: "closest-with-stock rule", goal: "≥ 20,000/s on one core", met: engine >= 20_000 });

    // Orders that force a split: the same orders against the network without the origin warehouse.
    const overseas = ws.slice(1);
    const splitSample = sample.map((s) => ({ ...s, warehouses: overseas }));
    const splitRouted = splitSample.filter((s) => { const d = routeOrder(s); return d.status === "routed" && d.allocations.length > 1; });
    if (splitRouted.length > 0) {
      const perSec = timeIt(`split-needed orders (${splitRouted.length})`, (i) => routeOrder(splitRouted[i % splitRouted.length]!), 1500);
      results.push({ metric: "split_decisions_per_second", value: perSec, unit: "decisions/s", goal: "informational: orders no single warehouse holds" });
    }

    // ── A month of orders ──
    const monthOrders = makeOrders(seededRandom(7), Math.round(12_000 * Math.max(ctx.scale, 0.25)), Date.UTC(2026, 10, 1), 30 * 86_400_000, STOREFRONT_MIX);
    const simulate = (rule: "corridor" | "closest", policy: RoutingPolicy = POLICY) => {
      const stock = ws.map((w) => ({ ...w, stock: { ...w.stock } }));
      const dist = new Map<string, CandidateWarehouse[]>();
      let cost = 0, days = 0, routed = 0, splits = 0, unroutable = 0, onTime = 0;
      for (const o of monthOrders) {
        if (rule === "corridor") {
          const d = routeOrder({ ...o.input, warehouses: stock, policy, fx: FX });
          if (d.status !== "routed") { unroutable++; continue; }
          for (const a of d.allocations) {
            const w = stock.find((x) => x.id === a.warehouseId)!;
            for (const l of a.lines) (w.stock as Record<string, number>)[l.sku]! -= l.quantity;
          }
          cost += d.totalCost; days += d.deliveryDays; routed++; if (d.allocations.length > 1) splits++; if (d.deliveryDays <= PROMISE) onTime++;
        } else {
          const plan = closestWithStock(stock, o.input, dist);
          if (!plan) { unroutable++; continue; }
          let worst = 0;
          for (const p of plan) {
            // Price the naive plan with the engine itself, pinned to that warehouse and lane, so both share one cost model.
            const pinned = { ...p.w, lanes: [p.lane], stock: Object.fromEntries(p.lines.map((l) => [l.sku, l.quantity])) };
            const d = routeOrder({ ...o.input, order: { ...o.input.order, lines: p.lines }, warehouses: [pinned], policy: { objective: "cheapest", maxSplits: 0 }, fx: FX });
            if (d.status !== "routed") throw new Error(`naive plan not priceable: ${d.code}`);
            cost += d.totalCost; worst = Math.max(worst, d.deliveryDays);
            for (const l of p.lines) (p.w.stock as Record<string, number>)[l.sku]! -= l.quantity;
          }
          days += worst; routed++; if (plan.length > 1) splits++; if (worst <= PROMISE) onTime++;
        }
      }
      return { cost, meanDays: days / Math.max(1, routed), onTimeShare: onTime / Math.max(1, routed), routed, splits, unroutable };
    };
    const cheap = simulate("corridor", { objective: "cheapest", maxSplits: 2 });
    const balanced = simulate("corridor");
    const closest = simulate("closest");
    ctx.progress(`month corridor cheapest: ${JSON.stringify(cheap)}`);
    ctx.progress(`month corridor balanced (${PROMISE}-day promise): ${JSON.stringify(balanced)}`);
    ctx.progress(`month closest-with-stock: ${JSON.stringify(closest)}`);
    const usd = (minor: number) => Math.round(minor) / 100;
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    const vs = { baselineLabel: "closest-with-stock rule" };
    results.push(
      { metric: "month_total_cost_cheapest", value: usd(cheap.cost), unit: "USD", baseline: usd(closest.cost), ...vs, goal: "< closest-with-stock", met: cheap.cost < closest.cost },
      { metric: "month_mean_days_cheapest", value: r3(cheap.meanDays), unit: "days", baseline: r3(closest.meanDays), ...vs, goal: "informational" },
      { metric: "month_total_cost_balanced", value: usd(balanced.cost), unit: "USD", baseline: usd(closest.cost), ...vs, goal: `informational: the price of a ${PROMISE}-day promise` },
      { metric: "month_mean_days_balanced", value: r3(balanced.meanDays), unit: "days", baseline: r3(closest.meanDays), ...vs, goal: "< closest-with-stock", met: balanced.meanDays < closest.meanDays },
      { metric: "month_within_promise_balanced", value: r3(balanced.onTimeShare), unit: `share ≤ ${PROMISE} days`, baseline: r3(closest.onTimeShare), ...vs, goal: "> closest-with-stock", met: balanced.onTimeShare > closest.onTimeShare },
      { metric: "month_split_orders_balanced", value: balanced.splits, unit: "orders", baseline: closest.splits, ...vs, goal: "informational" },
      { metric: "month_orders_routed", value: balanced.routed, unit: "orders", baseline: closest.routed, ...vs, goal: `all ${monthOrders.length}`, met: balanced.routed === monthOrders.length && cheap.routed === monthOrders.length },
    );
    return results;
  },
};

export default bench;
