/**
 * routeOrder: where an order ships from, and why. Pure: plain data in, a JSON-serialisable
 * RoutingDecision out, the clock passed in.
 *
 * Algorithm
 * 1. Model (model.ts): group the order's units by SKU; per candidate warehouse, its usable stock
 *    (nothing at blocked ones, nothing of what it refuses), its lanes to the destination priced in
 *    the reporting currency as fixed (base + surcharges + handling) + rate × grams, and its
 *    delivery days (lane max transit, +1 when `now` is past its cut-off in its time zone).
 * 2. One shipment (search-single.ts): every candidate holding the whole order offers its best lane
 *    under the policy; lithium orders may only use lanes that carry lithium (lithium.ts). If any
 *    offer exists the best wins (objective, then preferred, then priority, then list order) and the
 *    order is not split, whatever a split would save: fewer parcels come first.
 * 3. Split (search-split.ts), only when nobody holds everything: the fewest shipments first, up to
 *    maxSplits + 1, then the objective; branch-and-bound over warehouse subsets and lanes, units
 *    poured greedily (exact for linear costs, argued there).
 * 4. Nothing works: diagnose-unroutable.ts names the first fixable cause as a stable code with a
 *    sentence for the merchant.
 * Every candidate gets an explanation entry (explain-candidates.ts): won, lost and why, or
 * ineligible and why, with its cost terms and delivery estimate where it could ship.
 * Cost terms are pluggable (cost-term.ts): customs adds "duties_and_taxes" without changes here.
 */
import type { PlannedLine } from "./cost-term";
import { diagnoseUnroutable } from "./diagnose-unroutable";
import {
  ineligibleEntry, lostEntry, noOfferEntry, priced, shortageReason, wonEntry, type Priced,
} from "./explain-candidates";
import { formatMoney } from "./fx";
import { buildModel, type Candidate, type Model } from "./model";
import { compareScores, type Score } from "./objective";
import { offerWholeOrder, wholeOrderLines, type WholeOrderOffer, type WholeOrderResult } from "./search-single";
import { searchSplit, type SplitPlan } from "./search-split";
import { ROUTING_DECISION_VERSION, type Allocation, type CandidateExplanation, type RoutedDecision, type RoutingDecision, type RoutingInput } from "./types";

export function routeOrder(input: RoutingInput): RoutingDecision {
  const model = buildModel(input);
  const maxShipments = Math.max(1, Math.floor(input.policy.maxSplits) + 1);
  let planned: PlannedLine[] | undefined;
  const plannedLines = () => (planned ??= wholeOrderLines(model));

  const results: WholeOrderResult[] = [];
  let winner = -1;
  let winnerScore: Score | undefined;
  let termRefusal: string | undefined;
  for (let i = 0; i < model.candidates.length; i++) {
    const c = model.candidates[i]!;
    const r: WholeOrderResult = c.ineligible || model.demand.skus.length === 0 ? { kind: "short" } : offerWholeOrder(model, c, plannedLines);
    results.push(r);
    if (r.kind === "no-lane" && r.code === "REFUSED") termRefusal ??= r.reason;
    if (r.kind !== "offer") continue;
    const score: Score = { cost: r.offer.cost, days: r.offer.days, preferred: c.preferred ? 1 : 0, priority: c.input.priority };
    if (!winnerScore || compareScores(input.policy, score, winnerScore) < 0) {
      winner = i;
      winnerScore = score;
    }
  }
  if (winner >= 0) return singleDecision(model, results, winner);
  const split = maxShipments > 1 && model.demand.skus.length > 0 ? searchSplit(model, maxShipments) : undefined;
  if (split) return splitDecision(model, results, split);

  const diagnosis = diagnoseUnroutable(model, maxShipments, termRefusal);
  return {
    status: "unroutable", ...common(model), code: diagnosis.code, merchantMessage: diagnosis.merchantMessage,
    candidates: model.candidates.map((c, i) => noOfferEntry(model, c, results[i] as Exclude<WholeOrderResult, { kind: "offer" }>)),
  };
}

function common(model: Model) {
  const { input } = model;
  return { version: ROUTING_DECISION_VERSION, decidedAt: input.now.toISOString(), policy: input.policy, destination: model.destination, reportingCurrency: input.fx.reportingCurrency };
}

function singleDecision(model: Model, results: WholeOrderResult[], winner: number): RoutedDecision {
  const grams = model.demand.totalGrams;
  const wc = model.candidates[winner]!;
  const offerOf = (i: number) => (results[i] as { offer: WholeOrderOffer }).offer;
  const priceOffer = (c: Candidate, o: WholeOrderOffer) => priced(model, c, o.opt, grams, o.extra);
  const wp = priceOffer(wc, offerOf(winner));
  const candidates = model.candidates.map((c, i): CandidateExplanation => {
    const r = results[i]!;
    if (i === winner) return wonEntry(c, wp, "the whole order", model);
    if (r.kind !== "offer") return noOfferEntry(model, c, r);
    return lostEntry(model, c, priceOffer(c, r.offer), wc, wp);
  });
  const allocation: Allocation = {
    warehouseId: wc.input.id, warehouseCode: wc.input.code, weightGrams: grams,
    lines: wholeOrderLines(model).map((p) => ({ externalLineId: p.line.externalLineId, sku: p.line.sku, quantity: p.quantity })),
    lane: wp.lane, cost: wp.cost, delivery: wp.delivery,
  };
  return routed(model, [allocation], candidates, `Ships in one parcel from ${wc.input.code}.`);
}

function splitDecision(model: Model, results: WholeOrderResult[], plan: SplitPlan): RoutedDecision {
  const n = plan.shipments.length;
  const members = new Map<Candidate, { p: Priced; what: string }>();
  const allocations: Allocation[] = plan.shipments.map((s) => {
    const p = priced(model, s.cand, s.opt, s.grams, s.extra);
    const lines = [];
    for (let i = 0; i < s.units.length; i++) {
      const line = model.demand.lines[i]!;
      if (s.units[i]! > 0) lines.push({ externalLineId: line.externalLineId, sku: line.sku, quantity: s.units[i]! });
    }
    members.set(s.cand, { p, what: lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ") });
    return { warehouseId: s.cand.input.id, warehouseCode: s.cand.input.code, lines, weightGrams: s.grams, lane: p.lane, cost: p.cost, delivery: p.delivery };
  });
  const chosen = plan.shipments.map((s) => s.cand.input.code).join(" + ");
  const candidates = model.candidates.map((c, i): CandidateExplanation => {
    const m = members.get(c);
    if (m) return wonEntry(c, m.p, `${m.what} (one of ${n} parcels, as no warehouse holds the whole order)`, model);
    if (c.ineligible) return ineligibleEntry(c, c.ineligible.code, c.ineligible.reason);
    const r = results[i]!;
    if (r.kind === "no-lane") return noOfferEntry(model, c, r);
    if (c.stock.every((q) => q === 0)) return ineligibleEntry(c, "INSUFFICIENT_STOCK", `${c.input.code} holds none of the order's items.`);
    return {
      warehouseId: c.input.id, warehouseCode: c.input.code, verdict: "lost", code: "NOT_IN_BEST_SPLIT",
      reason: `${shortageReason(model, c)} The ${n}-parcel split ${chosen} scored better under your policy.`,
    };
  });
  return routed(model, allocations, candidates, `No warehouse holds the whole order, so it ships in ${n} parcels from ${chosen}.`);
}

function routed(model: Model, allocations: Allocation[], candidates: CandidateExplanation[], lead: string): RoutedDecision {
  let total = 0;
  let deliveredBy = "";
  let days = 0;
  for (const a of allocations) {
    total += a.cost.total;
    if (a.delivery.latestDate > deliveredBy) deliveredBy = a.delivery.latestDate;
    days = Math.max(days, a.delivery.days);
  }
  const cur = model.input.fx.reportingCurrency;
  return {
    status: "routed", ...common(model), allocations, totalCost: total, deliveredBy, deliveryDays: days, candidates,
    summary: `${lead} Expected cost ${formatMoney(total, cur, model.input.fx.minorUnits)}, delivered by ${deliveredBy}.`,
  };
}
