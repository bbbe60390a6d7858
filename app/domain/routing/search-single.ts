/**
 * One shipment for the whole order: for every candidate that holds all of it, its best lane under
 * the policy. This is the common case and the hot path, so it loops over precomputed numbers and
 * allocates only for extra cost terms.
 */
import type { PlannedLine } from "./cost-term";
import { lanesOf, type Candidate, type LaneOption, type Model } from "./model";
import { compareObjective } from "./objective";
import { extraCosts, planFor, type ExtraCosts } from "./price-shipment";

export interface WholeOrderOffer {
  opt: LaneOption;
  /** Unrounded reporting minor units, extra terms included. */
  cost: number;
  days: number;
  extra?: ExtraCosts;
}

export type WholeOrderResult =
  | { kind: "offer"; offer: WholeOrderOffer }
  /** Holds the stock but no lane may carry the order (lithium) or an extra term refused every lane. */
  | { kind: "no-lane"; code: "LITHIUM_RESTRICTED" | "REFUSED"; reason?: string }
  | { kind: "short" };

export function coversAll(model: Model, cand: Candidate): boolean {
  const need = model.demand.need;
  for (let s = 0; s < need.length; s++) if (cand.stock[s]! < need[s]!) return false;
  return true;
}

export function wholeOrderLines(model: Model): PlannedLine[] {
  const out: PlannedLine[] = [];
  for (const line of model.demand.lines) if (Math.floor(line.quantity) > 0) out.push({ line, quantity: Math.floor(line.quantity) });
  return out;
}

export function offerWholeOrder(model: Model, cand: Candidate, planned: () => PlannedLine[]): WholeOrderResult {
  if (!coversAll(model, cand)) return { kind: "short" };
  const { policy, extraTerms } = model.input;
  const grams = model.demand.totalGrams;
  const withExtras = extraTerms !== undefined && extraTerms.length > 0;
  let best: WholeOrderOffer | undefined;
  let refusal: string | undefined;
  for (const opt of lanesOf(model, cand)) {
    if (model.demand.anyLithium && !opt.carriesLithium) continue;
    let cost = opt.fixed + opt.rate * grams;
    let extra: ExtraCosts | undefined;
    if (withExtras) {
      const r = extraCosts(model, planFor(model, cand, opt, planned(), grams));
      if ("refuse" in r) {
        refusal ??= r.refuse;
        continue;
      }
      extra = r;
      cost += r.precise;
    }
    if (!best || compareObjective(policy, cost, opt.days, best.cost, best.days) < 0) best = { opt, cost, days: opt.days, extra };
  }
  if (best) return { kind: "offer", offer: best };
  return refusal !== undefined ? { kind: "no-lane", code: "REFUSED", reason: refusal } : { kind: "no-lane", code: "LITHIUM_RESTRICTED" };
}
