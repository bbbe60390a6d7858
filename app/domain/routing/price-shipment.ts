/**
 * A shipment's cost as named terms: "carrier" (base + per-kg), one "surcharge:<name>" per lane
 * surcharge, "handling" (the warehouse's fee), then each extra CostTerm. Every term is converted to
 * the reporting currency and rounded on its own, and the total is their sum, so what a merchant
 * reads adds up to the cent.
 */
import { isRefusal, type PlannedLine, type ShipmentPlan } from "./cost-term";
import type { Candidate, LaneOption, Model } from "./model";
import type { CostTermLine, ShipmentCost } from "./types";

export interface ExtraCosts {
  /** Unrounded reporting minor units. */
  precise: number;
  terms: CostTermLine[];
}

export type ExtraOutcome = ExtraCosts | { refuse: string };

export function planFor(model: Model, cand: Candidate, opt: LaneOption, lines: readonly PlannedLine[], weightGrams: number): ShipmentPlan {
  const w = cand.input;
  return {
    order: model.input.order, destination: model.destination, warehouse: w, lane: opt.lane, lines, weightGrams,
    ddp: w.capabilities.ddp === true && opt.lane.ddp === true, now: model.input.now,
  };
}

/** Runs the extra terms; undefined work when there are none (the usual hot path). */
export function extraCosts(model: Model, plan: ShipmentPlan): ExtraOutcome {
  const out: ExtraCosts = { precise: 0, terms: [] };
  for (const term of model.input.extraTerms ?? []) {
    const r = term.amount(plan);
    if (r === null) continue;
    if (isRefusal(r)) return { refuse: r.refuse };
    if (!(r.amount >= 0)) throw new RangeError(`cost term ${term.name} returned ${r.amount}; terms must be non-negative`);
    const f = model.factor(r.currency);
    if (f === undefined) return { refuse: `No exchange rate for ${r.currency}, needed to price ${term.name}.` };
    out.precise += r.amount * f;
    out.terms.push(termLine(model, term.name, r.amount, r.currency, f, r.note));
  }
  return out;
}

function termLine(model: Model, name: string, amount: number, currency: string, f: number, note?: string): CostTermLine {
  const t: CostTermLine = { name, amount: Math.round(amount * f) };
  if (currency !== model.input.fx.reportingCurrency) t.original = { amount: Math.round(amount), currency };
  if (note) t.note = note;
  return t;
}

export function shipmentCost(model: Model, cand: Candidate, opt: LaneOption, weightGrams: number, extra: ExtraCosts | undefined): ShipmentCost {
  const lane = opt.lane;
  const f = model.factor(lane.currency)!;
  const terms: CostTermLine[] = [termLine(model, "carrier", lane.baseCost + (lane.perKgCost * weightGrams) / 1000, lane.currency, f)];
  for (const k in lane.surcharges) terms.push(termLine(model, `surcharge:${k}`, lane.surcharges[k]!, lane.currency, f));
  const w = cand.input;
  if (w.handlingFee > 0) terms.push(termLine(model, "handling", w.handlingFee, w.feeCurrency, cand.feeFactor));
  if (extra) terms.push(...extra.terms);
  let total = 0;
  for (const t of terms) total += t.amount;
  return { total, currency: model.input.fx.reportingCurrency, terms };
}
