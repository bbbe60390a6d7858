/**
 * The routing input boiled down once per decision into flat numbers the searches loop over: demand
 * per SKU, and per candidate its usable stock, its lanes to the destination priced in the
 * reporting currency, and its handover day. Everything a search compares is precomputed here.
 */
import type { OrderLine } from "../order";
import { handoverAt, parseCutoff, type Handover } from "./delivery-date";
import { minorFactor } from "./fx";
import { hasLithium, laneCarriesLithium, prohibitedBy } from "./lithium";
import type { CandidateWarehouse, RoutingInput, RoutingLane } from "./types";

export interface LaneOption {
  index: number;
  lane: RoutingLane;
  /** Per-shipment cost in reporting minor units (lane base + surcharges + warehouse handling). */
  fixed: number;
  /** Reporting minor units per gram. */
  rate: number;
  /** Delivery days from today, cut-off included. */
  days: number;
  carriesLithium: boolean;
}

export interface Ineligibility {
  code: string;
  reason: string;
}

export interface Candidate {
  input: CandidateWarehouse;
  /** Position in the input list: the explanation keeps that order. */
  position: number;
  preferred: boolean;
  ineligible?: Ineligibility;
  /** Usable units per demanded SKU (same order as Demand.skus), prohibited SKUs at 0. */
  stock: number[];
  /** SKU index → what the warehouse refuses about it, when it does. */
  prohibited: (string | undefined)[];
  handover: Handover;
  /** Priced lanes to the destination; undefined until lanesOf() builds them. */
  lanes?: LaneOption[];
  /** Some lane to the destination may carry lithium (set eagerly; search bounds need it). */
  hasLithiumLane: boolean;
  /** Reporting factor of its handling fee's currency (0 when no fee). */
  feeFactor: number;
}

export interface Demand {
  lines: readonly OrderLine[];
  skus: string[];
  need: number[];
  lithium: boolean[];
  /** Per SKU, indices into `lines`, heaviest unit first (the split search pours heaviest first). */
  linesBySku: number[][];
  totalGrams: number;
  anyLithium: boolean;
}

export interface Model {
  input: RoutingInput;
  destination: string;
  demand: Demand;
  candidates: Candidate[];
  /** Reporting factor of a currency (see fx.ts), undefined without a rate; memoised per decision. */
  factor(currency: string): number | undefined;
}

const unitGrams = (line: OrderLine) => (line.weightGrams > 0 ? line.weightGrams : 0);

export function buildDemand(lines: readonly OrderLine[]): Demand {
  const skus: string[] = [];
  const need: number[] = [];
  const lithium: boolean[] = [];
  const linesBySku: number[][] = [];
  let totalGrams = 0;
  let anyLithium = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const q = Math.max(0, Math.floor(line.quantity));
    if (q === 0) continue;
    let s = skus.indexOf(line.sku);
    if (s < 0) {
      s = skus.length;
      skus.push(line.sku);
      need.push(0);
      lithium.push(false);
      linesBySku.push([]);
    }
    need[s]! += q;
    if (hasLithium(line)) {
      lithium[s] = true;
      anyLithium = true;
    }
    linesBySku[s]!.push(i);
    totalGrams += q * unitGrams(line);
  }
  for (const idx of linesBySku) if (idx.length > 1) idx.sort((a, b) => unitGrams(lines[b]!) - unitGrams(lines[a]!) || a - b);
  return { lines, skus, need, lithium, linesBySku, totalGrams, anyLithium };
}

export function buildModel(input: RoutingInput): Model {
  const destination = input.order.shipTo.countryCode.toUpperCase();
  const demand = buildDemand(input.order.lines);
  const nowMs = input.now.getTime();
  const blocked = input.policy.blockedWarehouseIds ?? [];
  const preferred = input.policy.preferredWarehouseIds ?? [];
  const factors = new Map<string, number | undefined>();
  const factor = (currency: string) => {
    if (!factors.has(currency)) factors.set(currency, minorFactor(input.fx, currency));
    return factors.get(currency);
  };

  const candidates = input.warehouses.map((w, position): Candidate => {
    const c: Candidate = {
      input: w, position, preferred: preferred.includes(w.id), stock: [], prohibited: [],
      handover: { localDay: 0, afterCutoff: false }, hasLithiumLane: false, feeFactor: 0,
    };
    for (let s = 0; s < demand.skus.length; s++) {
      const line = demand.lines[demand.linesBySku[s]![0]!]!;
      const refused = prohibitedBy(w, line);
      const raw = w.stock[demand.skus[s]!];
      c.prohibited.push(refused);
      c.stock.push(refused !== undefined || raw === undefined || !(raw > 0) ? 0 : Math.floor(raw));
    }
    if (blocked.includes(w.id)) {
      c.ineligible = { code: "BLOCKED", reason: `${w.code} is blocked in your routing policy.` };
      return c;
    }
    const cutoff = parseCutoff(w.cutoffTime);
    if (cutoff === undefined) return invalid(c, `cut-off "${w.cutoffTime}" is not HH:MM`);
    try {
      c.handover = handoverAt(nowMs, cutoff, w.timeZone);
    } catch {
      // Intl rejects unknown zones with a RangeError; the warehouse stays out until its settings are fixed.
      return invalid(c, `time zone "${w.timeZone}" is unknown`);
    }
    const feeFactor = w.handlingFee > 0 ? factor(w.feeCurrency) : 0;
    if (feeFactor === undefined) {
      c.ineligible = { code: "NO_FX_RATE", reason: `No exchange rate for ${w.feeCurrency}, the currency of ${w.code}'s handling fee.` };
      return c;
    }
    c.feeFactor = feeFactor;
    // Only flags here: most candidates never hold the whole order, and lanes are priced lazily
    // (lanesOf) for the ones a search actually compares. That halves a typical decision.
    let servesDestination = false;
    let usable = false;
    for (let i = 0; i < w.lanes.length; i++) {
      const lane = w.lanes[i]!;
      if (!lane.destinations.includes(destination)) continue;
      servesDestination = true;
      if (factor(lane.currency) === undefined) continue;
      usable = true;
      if (laneCarriesLithium(w, lane)) c.hasLithiumLane = true;
    }
    if (!usable) {
      c.ineligible = servesDestination
        ? { code: "NO_FX_RATE", reason: `No exchange rate for the currency of ${w.code}'s lanes to ${destination}.` }
        : { code: "NO_LANE", reason: `${w.code} has no lane to ${destination}.` };
    }
    return c;
  });
  return { input, destination, demand, candidates, factor };
}

function invalid(c: Candidate, what: string): Candidate {
  c.ineligible = { code: "INVALID_WAREHOUSE_SETTINGS", reason: `${c.input.code}'s ${what}; fix it in the warehouse settings.` };
  return c;
}

/** The candidate's lanes to the destination, priced in the reporting currency; built once, on demand. */
export function lanesOf(model: Model, c: Candidate): LaneOption[] {
  if (c.lanes) return c.lanes;
  const lanes: LaneOption[] = [];
  c.lanes = lanes;
  if (c.ineligible) return lanes;
  const w = c.input;
  const handling = w.handlingFee * c.feeFactor;
  const delay = c.handover.afterCutoff ? 1 : 0;
  for (let i = 0; i < w.lanes.length; i++) {
    const lane = w.lanes[i]!;
    if (!lane.destinations.includes(model.destination)) continue;
    const f = model.factor(lane.currency);
    if (f === undefined) continue;
    let surcharges = 0;
    for (const k in lane.surcharges) surcharges += lane.surcharges[k]!;
    lanes.push({
      index: i, lane, fixed: (lane.baseCost + surcharges) * f + handling, rate: (lane.perKgCost * f) / 1000,
      days: delay + lane.transitDaysMax, carriesLithium: laneCarriesLithium(w, lane),
    });
  }
  return lanes;
}
