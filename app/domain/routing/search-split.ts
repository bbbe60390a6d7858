/**
 * Split search, reached only when no single warehouse holds the whole order. It tries subsets of
 * 2, 3, … warehouses up to the policy's limit and stops at the first size that works, because
 * fewer parcels beats any saving. Within a size it enumerates subsets and one lane per member,
 * pruning with a lower bound (members' fixed costs + every gram at the cheapest rate; slowest
 * chosen lane), and assigns units greedily.
 *
 * Why greedy is exact: with lanes fixed, a shipment costs fixed + rate × grams, and stock limits
 * are per warehouse and SKU, so SKUs do not interact: each SKU's units go to the lowest-rate
 * members first, heaviest units first (rearrangement inequality). A member left empty would mean a
 * smaller subset works, which the previous size already ruled out.
 */
import type { PlannedLine } from "./cost-term";
import { lanesOf, type Candidate, type LaneOption, type Model } from "./model";
import { compareObjective, compareScores, type Score } from "./objective";
import { extraCosts, planFor, type ExtraCosts } from "./price-shipment";

export interface SplitShipment {
  cand: Candidate;
  opt: LaneOption;
  /** Units per order line index. */
  units: number[];
  grams: number;
  extra?: ExtraCosts;
}

export interface SplitPlan {
  shipments: SplitShipment[];
  score: Score;
}

interface PoolEntry {
  cand: Candidate;
  lanes: LaneOption[];
  minFixed: number;
  minDays: number;
}

/** Drops lanes another lane of the same warehouse beats on fixed cost, rate, days and lithium. */
function undominated(lanes: readonly LaneOption[]): LaneOption[] {
  return lanes.filter((a) => !lanes.some((b) => b !== a && b.fixed <= a.fixed && b.rate <= a.rate && b.days <= a.days
    && (b.carriesLithium || !a.carriesLithium)
    && (b.fixed < a.fixed || b.rate < a.rate || b.days < a.days || (b.carriesLithium && !a.carriesLithium) || b.index < a.index)));
}

/** Whether the candidates in `pool` together hold every unit, lithium units only where a lane may carry them. */
export function poolCovers(model: Model, pool: readonly Candidate[]): boolean {
  const { need, lithium } = model.demand;
  for (let s = 0; s < need.length; s++) {
    let have = 0;
    for (const c of pool) if (!lithium[s] || c.hasLithiumLane) have += c.stock[s]!;
    if (have < need[s]!) return false;
  }
  return true;
}

export function searchSplit(model: Model, maxShipments: number): SplitPlan | undefined {
  const { demand, input } = model;
  const { policy } = input;
  const withExtras = input.extraTerms !== undefined && input.extraTerms.length > 0;
  const pool: PoolEntry[] = [];
  for (const cand of model.candidates) {
    if (cand.ineligible) continue;
    let useful = false;
    for (let s = 0; s < demand.skus.length && !useful; s++) useful = cand.stock[s]! > 0 && (!demand.lithium[s] || cand.hasLithiumLane);
    if (!useful) continue;
    // Extra terms may favour a lane the engine's own terms call dominated (DDP and duties), so keep all then.
    const lanes = withExtras ? lanesOf(model, cand) : undominated(lanesOf(model, cand));
    let minFixed = Infinity;
    let minDays = Infinity;
    for (const l of lanes) {
      minFixed = Math.min(minFixed, l.fixed);
      minDays = Math.min(minDays, l.days);
    }
    pool.push({ cand, lanes, minFixed, minDays });
  }
  if (!poolCovers(model, pool.map((p) => p.cand))) return undefined;
  pool.sort((a, b) => compareObjective(policy, a.minFixed, a.minDays, b.minFixed, b.minDays) || a.cand.position - b.cand.position);
  let minRate = Infinity;
  for (const p of pool) for (const l of p.lanes) minRate = Math.min(minRate, l.rate);
  const lbVariable = demand.totalGrams * minRate;

  const L = demand.lines.length;
  let best: SplitPlan | undefined;
  const chosen: number[] = [];
  const laneSel: LaneOption[] = [];
  const assign: number[] = [];
  const grams: number[] = [];
  const order: number[] = [];

  const worseThanBest = (fixed: number, days: number) =>
    best !== undefined && compareObjective(policy, fixed + lbVariable, days, best.score.cost, best.score.days) > 0;

  const covers = (k: number) => {
    for (let s = 0; s < demand.need.length; s++) {
      let have = 0;
      for (let m = 0; m < k; m++) {
        const c = pool[chosen[m]!]!.cand;
        if (!demand.lithium[s] || c.hasLithiumLane) have += c.stock[s]!;
      }
      if (have < demand.need[s]!) return false;
    }
    return true;
  };

  const evaluate = (k: number) => {
    assign.length = 0;
    for (let i = 0; i < k * L; i++) assign.push(0);
    order.length = 0;
    for (let m = 0; m < k; m++) {
      grams[m] = 0;
      let j = order.length;
      order.push(m);
      while (j > 0 && laneSel[order[j - 1]!]!.rate > laneSel[m]!.rate) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = m;
    }
    for (let s = 0; s < demand.skus.length; s++) {
      const lines = demand.linesBySku[s]!;
      let li = 0;
      let lineLeft = Math.floor(demand.lines[lines[0]!]!.quantity);
      let remaining = demand.need[s]!;
      for (let o = 0; o < k && remaining > 0; o++) {
        const m = order[o]!;
        if (demand.lithium[s] && !laneSel[m]!.carriesLithium) continue;
        let cap = pool[chosen[m]!]!.cand.stock[s]!;
        while (cap > 0 && remaining > 0) {
          const lineIdx = lines[li]!;
          const t = Math.min(cap, lineLeft);
          assign[m * L + lineIdx]! += t;
          grams[m]! += t * Math.max(0, demand.lines[lineIdx]!.weightGrams);
          cap -= t;
          lineLeft -= t;
          remaining -= t;
          if (lineLeft === 0 && remaining > 0) lineLeft = Math.floor(demand.lines[lines[++li]!]!.quantity);
        }
      }
      if (remaining > 0) return;
    }
    let cost = 0;
    let days = 0;
    let preferred = 0;
    let priority = 0;
    for (let m = 0; m < k; m++) {
      let units = 0;
      for (let i = 0; i < L; i++) units += assign[m * L + i]!;
      if (units === 0) return;
      const opt = laneSel[m]!;
      const cand = pool[chosen[m]!]!.cand;
      cost += opt.fixed + opt.rate * grams[m]!;
      days = Math.max(days, opt.days);
      if (cand.preferred) preferred++;
      priority += cand.input.priority;
    }
    let extras: ExtraCosts[] | undefined;
    if (withExtras) {
      extras = [];
      for (let m = 0; m < k; m++) {
        const cand = pool[chosen[m]!]!.cand;
        const planned: PlannedLine[] = [];
        for (let i = 0; i < L; i++) if (assign[m * L + i]! > 0) planned.push({ line: demand.lines[i]!, quantity: assign[m * L + i]! });
        const r = extraCosts(model, planFor(model, cand, laneSel[m]!, planned, grams[m]!));
        if ("refuse" in r) return;
        extras.push(r);
        cost += r.precise;
      }
    }
    const score: Score = { cost, days, preferred, priority };
    if (best && compareScores(policy, score, best.score) >= 0) return;
    best = {
      score,
      shipments: Array.from({ length: k }, (_, m) => ({
        cand: pool[chosen[m]!]!.cand, opt: laneSel[m]!, units: assign.slice(m * L, m * L + L), grams: grams[m]!, extra: extras?.[m],
      })),
    };
  };

  const pickLanes = (k: number, m: number, fixed: number, days: number): void => {
    if (worseThanBest(fixed, days)) return;
    if (m === k) return evaluate(k);
    for (const opt of pool[chosen[m]!]!.lanes) {
      laneSel[m] = opt;
      pickLanes(k, m + 1, fixed + opt.fixed, Math.max(days, opt.days));
    }
  };

  const pickMembers = (k: number, start: number, depth: number, fixed: number, days: number): void => {
    if (worseThanBest(fixed, days)) return;
    if (depth === k) {
      if (covers(k)) pickLanes(k, 0, 0, 0);
      return;
    }
    for (let i = start; i <= pool.length - (k - depth); i++) {
      chosen[depth] = i;
      pickMembers(k, i + 1, depth + 1, fixed + pool[i]!.minFixed, Math.max(days, pool[i]!.minDays));
    }
  };

  for (let k = 2; k <= Math.min(maxShipments, pool.length); k++) {
    pickMembers(k, 0, 0, 0, 0);
    if (best) return best;
  }
  return undefined;
}
