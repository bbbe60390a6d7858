/**
 * Properties of routeOrder on random networks, and an exhaustive search written here from the
 * rules alone (every unit to every warehouse, every lane) that the engine's plan must match.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OrderLine } from "~/domain/order";
import { routeOrder } from "~/domain/routing/route-order";
import type { CandidateWarehouse, RoutingDecision, RoutingInput, RoutingLane, RoutingPolicy } from "~/domain/routing/types";
import { order } from "./builders";

const SKUS = ["A", "B", "C", "D"];
const FX = { reportingCurrency: "USD", rates: { EUR: 1.1 } } as const;
const rate = (cur: string) => (cur === "USD" ? 1 : 1.1);
const isLithium = (l: OrderLine) => (l.dangerousGoods?.lithium ?? "none") !== "none";
const laneOk = (w: CandidateWarehouse, l: RoutingLane, lithium: boolean) =>
  !lithium || l.mode === "sea" || l.mode === "ground" || (w.capabilities.lithium && l.allowsLithium);

const laneArb = fc.record({
  destinations: fc.constantFrom(["US"], ["US", "CA"], ["US"], ["GB"]),
  mode: fc.constantFrom("air" as const, "sea" as const, "ground" as const, "express" as const),
  carrier: fc.constant("C"),
  transitDaysMin: fc.constant(1),
  transitDaysMax: fc.integer({ min: 1, max: 20 }),
  baseCost: fc.integer({ min: 0, max: 2000 }),
  perKgCost: fc.integer({ min: 0, max: 1500 }),
  surcharges: fc.oneof(fc.constant({}), fc.record({ fuel: fc.integer({ min: 0, max: 300 }) })),
  currency: fc.constantFrom("USD", "EUR"),
  allowsLithium: fc.boolean(),
  ddp: fc.boolean(),
});

function warehouseArb(maxStock: number) {
  return fc.record({
    lanes: fc.array(laneArb, { minLength: 1, maxLength: 3 }),
    stock: fc.dictionary(fc.constantFrom(...SKUS), fc.integer({ min: 0, max: maxStock })),
    lithium: fc.boolean(),
    handlingFee: fc.integer({ min: 0, max: 600 }),
    feeCurrency: fc.constantFrom("USD", "EUR"),
    cutoffTime: fc.constantFrom("00:00", "09:00", "14:00", "23:59"),
    priority: fc.integer({ min: 0, max: 2 }),
    prohibited: fc.oneof(fc.constant(undefined), fc.constant(["D"])),
  });
}

function instanceArb(opts: { maxLines: number; maxQty: number; maxWarehouses: number; maxStock: number }) {
  return fc.record({
    skuLithium: fc.record({ A: fc.boolean(), B: fc.constant(false), C: fc.boolean(), D: fc.constant(false) }),
    lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: opts.maxQty }), weightGrams: fc.integer({ min: 0, max: 3000 }) }), { minLength: 1, maxLength: opts.maxLines }),
    warehouses: fc.array(warehouseArb(opts.maxStock), { minLength: 1, maxLength: opts.maxWarehouses }),
    objective: fc.constantFrom("cheapest" as const, "fastest" as const, "balanced" as const),
    promiseDays: fc.integer({ min: 1, max: 15 }),
    maxSplits: fc.integer({ min: 0, max: 3 }),
    blocked: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 2 }),
    preferred: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 2 }),
    hour: fc.integer({ min: 0, max: 23 }),
  }).map((x): RoutingInput => {
    const lines: OrderLine[] = x.lines.map((l, i) => ({
      externalLineId: `L${i}`, sku: l.sku, quantity: l.quantity, unitPrice: 1000, currency: "USD", weightGrams: l.weightGrams,
      dangerousGoods: x.skuLithium[l.sku as "A"] ? { lithium: "ion_in_equipment" } : undefined,
    }));
    const warehouses: CandidateWarehouse[] = x.warehouses.map((w, i) => ({
      id: `w${i}`, code: `W${i}`, name: `W${i}`, countryCode: "US", kind: "overseas", priority: w.priority,
      capabilities: { lithium: w.lithium, ddp: false, prohibited: w.prohibited }, handlingFee: w.handlingFee, feeCurrency: w.feeCurrency,
      cutoffTime: w.cutoffTime, timeZone: "UTC", dutiesPrepaid: false, stock: w.stock, lanes: w.lanes,
    }));
    const policy: RoutingPolicy = {
      objective: x.objective, maxSplits: x.maxSplits, promiseDays: x.objective === "balanced" ? x.promiseDays : undefined,
      blockedWarehouseIds: x.blocked.map((i) => `w${i}`), preferredWarehouseIds: x.preferred.map((i) => `w${i}`),
    };
    return { order: order(lines, "US"), warehouses, policy, fx: FX, now: new Date(Date.UTC(2026, 10, 2, x.hour, 30)) };
  });
}

// ── The exhaustive reference, from the rules alone ───────────────────────────────────────────

interface Evaluated {
  shipments: number;
  cost: number;
  days: number;
}

function delay(input: RoutingInput, w: CandidateWarehouse): number {
  const [h, m] = w.cutoffTime.split(":").map(Number);
  const now = input.now;
  return now.getUTCHours() * 60 + now.getUTCMinutes() >= h! * 60 + m! ? 1 : 0;
}

/** Cost and days of a shipment from w on lane l with these units, or undefined when not allowed. */
function shipment(input: RoutingInput, w: CandidateWarehouse, l: RoutingLane, units: { line: OrderLine; qty: number }[]) {
  if (!l.destinations.includes("US")) return undefined;
  if (!laneOk(w, l, units.some((u) => u.qty > 0 && isLithium(u.line)))) return undefined;
  let grams = 0;
  for (const u of units) grams += u.qty * u.line.weightGrams;
  let fixed = l.baseCost;
  for (const v of Object.values(l.surcharges)) fixed += v;
  const cost = fixed * rate(l.currency) + (l.perKgCost * rate(l.currency) * grams) / 1000 + w.handlingFee * rate(w.feeCurrency);
  return { cost, days: delay(input, w) + l.transitDaysMax };
}

function key(policy: RoutingPolicy, e: Evaluated): number[] {
  const cost = Math.round(e.cost * 1e4) / 1e4;
  if (policy.objective === "fastest") return [e.shipments, e.days, cost];
  if (policy.objective === "balanced") return [e.shipments, Math.max(0, e.days - policy.promiseDays!), cost, e.days];
  return [e.shipments, cost, e.days];
}
const less = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

function exhaustive(input: RoutingInput): Evaluated | undefined {
  const ws = input.warehouses;
  const units: OrderLine[] = input.order.lines.flatMap((l) => Array.from({ length: l.quantity }, () => l));
  const maxShipments = input.policy.maxSplits + 1;
  const owner = new Array<number>(units.length).fill(0);
  let best: Evaluated | undefined;
  const visit = (u: number) => {
    if (u === units.length) return evaluate();
    for (let w = 0; w < ws.length; w++) {
      owner[u] = w;
      visit(u + 1);
    }
  };
  const evaluate = () => {
    const used = [...new Set(owner)];
    if (used.length > maxShipments) return;
    const parts = used.map((w) => ({ w: ws[w]!, units: input.order.lines.map((line) => ({ line, qty: units.filter((x, i) => x === line && owner[i] === w).length })) }));
    for (const p of parts) {
      if (input.policy.blockedWarehouseIds?.includes(p.w.id)) return;
      const per: Record<string, number> = {};
      for (const u of p.units) per[u.line.sku] = (per[u.line.sku] ?? 0) + u.qty;
      for (const [sku, q] of Object.entries(per)) {
        if (q > 0 && (p.w.capabilities.prohibited?.includes(sku) || q > (p.w.stock[sku] ?? 0))) return;
      }
    }
    // every combination of lanes for the used warehouses
    const pick = (i: number, cost: number, days: number) => {
      if (i === parts.length) {
        const e = { shipments: parts.length, cost, days };
        if (!best || less(key(input.policy, e), key(input.policy, best))) best = e;
        return;
      }
      for (const l of parts[i]!.w.lanes) {
        const s = shipment(input, parts[i]!.w, l, parts[i]!.units);
        if (s) pick(i + 1, cost + s.cost, Math.max(days, s.days));
      }
    };
    pick(0, 0, 0);
  };
  if (units.length > 0) visit(0);
  return best;
}

/** The engine's plan evaluated by the reference's own cost model. */
function evaluateDecision(input: RoutingInput, d: Extract<RoutingDecision, { status: "routed" }>): Evaluated {
  let cost = 0;
  let days = 0;
  for (const a of d.allocations) {
    const w = input.warehouses.find((x) => x.id === a.warehouseId)!;
    const units = a.lines.map((al) => ({ line: input.order.lines.find((l) => l.externalLineId === al.externalLineId)!, qty: al.quantity }));
    const s = shipment(input, w, w.lanes[a.lane.index]!, units);
    if (!s) throw new Error(`engine used a forbidden lane at ${w.id}`);
    cost += s.cost;
    days = Math.max(days, s.days);
  }
  return { shipments: d.allocations.length, cost, days };
}

// ── Properties ──────────────────────────────────────────────────────────────────────────────

const medium = instanceArb({ maxLines: 5, maxQty: 4, maxWarehouses: 7, maxStock: 6 });

function checkInvariants(input: RoutingInput, d: RoutingDecision) {
  expect(d.candidates.map((c) => c.warehouseId)).toEqual(input.warehouses.map((w) => w.id));
  expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  if (d.status !== "routed") return;
  const taken = new Map<string, number>();
  for (const a of d.allocations) {
    const w = input.warehouses.find((x) => x.id === a.warehouseId)!;
    // blocked never used
    expect(input.policy.blockedWarehouseIds ?? []).not.toContain(w.id);
    const lane = w.lanes[a.lane.index]!;
    expect(lane.destinations).toContain("US");
    for (const al of a.lines) {
      const line = input.order.lines.find((l) => l.externalLineId === al.externalLineId)!;
      // lithium rule
      if (isLithium(line)) expect(laneOk(w, lane, true)).toBe(true);
      const k = `${w.id}|${al.sku}`;
      taken.set(k, (taken.get(k) ?? 0) + al.quantity);
    }
  }
  // never more than available
  for (const [k, q] of taken) {
    const [id, sku] = k.split("|");
    expect(q).toBeLessThanOrEqual(input.warehouses.find((w) => w.id === id)!.stock[sku!] ?? 0);
  }
  // every unit exactly once
  for (const l of input.order.lines) {
    const shipped = d.allocations.flatMap((a) => a.lines).filter((x) => x.externalLineId === l.externalLineId).reduce((n, x) => n + x.quantity, 0);
    expect(shipped).toBe(l.quantity);
  }
  // winners are exactly the allocated warehouses
  expect(d.candidates.filter((c) => c.verdict === "won").map((c) => c.warehouseId).sort()).toEqual(d.allocations.map((a) => a.warehouseId).sort());
  // each shipment's terms add up, and the order's total is the sum of its shipments
  for (const a of d.allocations) expect(a.cost.terms.reduce((n, t) => n + t.amount, 0)).toBe(a.cost.total);
  expect(d.totalCost).toBe(d.allocations.reduce((n, a) => n + a.cost.total, 0));
}

/** Could one unblocked warehouse ship the whole order, by the rules alone? */
function oneCouldShipAll(input: RoutingInput): boolean {
  const need: Record<string, number> = {};
  for (const l of input.order.lines) need[l.sku] = (need[l.sku] ?? 0) + l.quantity;
  const lithium = input.order.lines.some(isLithium);
  return input.warehouses.some((w) =>
    !input.policy.blockedWarehouseIds?.includes(w.id)
    && Object.entries(need).every(([sku, q]) => (w.stock[sku] ?? 0) >= q && !w.capabilities.prohibited?.includes(sku))
    && w.lanes.some((l) => l.destinations.includes("US") && laneOk(w, l, lithium)));
}

describe("routeOrder properties", () => {
  it("never over-allocates, ships every unit once, keeps the lithium rule and never uses a blocked warehouse", () => {
    fc.assert(fc.property(medium, (input) => checkInvariants(input, routeOrder(input))), { numRuns: 400 });
  });

  it("never splits an order that one warehouse could ship whole", () => {
    fc.assert(fc.property(medium, (input) => {
      const d = routeOrder(input);
      if (oneCouldShipAll(input)) {
        expect(d.status).toBe("routed");
        if (d.status === "routed") expect(d.allocations).toHaveLength(1);
      } else if (d.status === "routed") {
        expect(d.allocations.length).toBeGreaterThan(1);
      }
    }), { numRuns: 400 });
  });

  it("matches an exhaustive search's optimum on small instances: shipments, then the policy objective", () => {
    const small = instanceArb({ maxLines: 3, maxQty: 2, maxWarehouses: 4, maxStock: 3 });
    let routedCount = 0;
    let splitCount = 0;
    fc.assert(fc.property(small, (input) => {
      const d = routeOrder(input);
      const best = exhaustive(input);
      if (!best) {
        expect(d.status).toBe("unroutable");
        return;
      }
      expect(d.status).toBe("routed");
      if (d.status !== "routed") return;
      routedCount++;
      if (d.allocations.length > 1) splitCount++;
      const got = evaluateDecision(input, d);
      expect(got.shipments).toBe(best.shipments);
      expect(got.days).toBe(best.days);
      expect(got.cost).toBeCloseTo(best.cost, 4);
      // the reported total is the rounded terms of that same plan
      expect(Math.abs(d.totalCost - got.cost)).toBeLessThanOrEqual(2 * d.allocations.length + 0.5);
    }), { numRuns: 600 });
    // the generator must actually exercise routing and splitting, or this property proves nothing
    // (measured over many seeds: ~200 routed and ~25 split of 600; the bounds leave a wide margin)
    expect(routedCount).toBeGreaterThan(100);
    expect(splitCount).toBeGreaterThan(5);
  });
});
