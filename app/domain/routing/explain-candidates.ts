/**
 * The explanation: one entry per candidate warehouse with its verdict and a sentence a merchant
 * can read, plus, where it could ship, its cost terms and delivery estimate. Nobody else explains
 * routing; support answers "why did this ship from Vietnam?" from this list alone.
 */
import { estimateDelivery } from "./delivery-date";
import { formatMoney } from "./fx";
import type { Candidate, LaneOption, Model } from "./model";
import { shipmentCost, type ExtraCosts } from "./price-shipment";
import type { WholeOrderResult } from "./search-single";
import type { CandidateExplanation, LaneChoice, ShipmentCost } from "./types";

export function laneChoice(opt: LaneOption): LaneChoice {
  const l = opt.lane;
  return { index: opt.index, mode: l.mode, carrier: l.carrier, transitDaysMin: l.transitDaysMin, transitDaysMax: l.transitDaysMax, ddp: l.ddp };
}

export interface Priced {
  lane: LaneChoice;
  cost: ShipmentCost;
  delivery: ReturnType<typeof estimateDelivery>;
}

export function priced(model: Model, cand: Candidate, opt: LaneOption, grams: number, extra: ExtraCosts | undefined): Priced {
  return {
    lane: laneChoice(opt),
    cost: shipmentCost(model, cand, opt, grams, extra),
    delivery: estimateDelivery(cand.handover, opt.lane.transitDaysMin, opt.lane.transitDaysMax),
  };
}

const base = (c: Candidate) => ({ warehouseId: c.input.id, warehouseCode: c.input.code });

export function ineligibleEntry(c: Candidate, code: string, reason: string): CandidateExplanation {
  return { ...base(c), verdict: "ineligible", code, reason };
}

/** For a candidate that cannot ship the whole order, the first shortage in words. */
export function shortageReason(model: Model, c: Candidate): string {
  const { skus, need } = model.demand;
  for (let s = 0; s < skus.length; s++) {
    if (c.stock[s]! >= need[s]!) continue;
    if (c.prohibited[s] !== undefined) return `${c.input.code} does not handle ${skus[s]} (${c.prohibited[s]}).`;
    return `${c.input.code} has ${c.stock[s]} of the ${need[s]} × ${skus[s]} ordered, so it cannot ship the whole order alone.`;
  }
  return `${c.input.code} cannot ship the whole order alone.`;
}

/** Entry for a candidate whose single-shipment attempt did not produce an offer. */
export function noOfferEntry(model: Model, c: Candidate, r: Exclude<WholeOrderResult, { kind: "offer" }>): CandidateExplanation {
  if (c.ineligible) return ineligibleEntry(c, c.ineligible.code, c.ineligible.reason);
  if (r.kind === "short") return ineligibleEntry(c, c.prohibited.some((p) => p !== undefined) ? "PROHIBITED" : "INSUFFICIENT_STOCK", shortageReason(model, c));
  if (r.code === "REFUSED") return ineligibleEntry(c, "REFUSED_BY_TERM", r.reason ?? `${c.input.code} was refused by a cost term.`);
  return ineligibleEntry(c, "LITHIUM_RESTRICTED", `${c.input.code} holds the order but has no lane to ${model.destination} allowed to carry its lithium batteries.`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function wonEntry(c: Candidate, p: Priced, what: string, model: Model): CandidateExplanation {
  const money = formatMoney(p.cost.total, p.cost.currency, model.input.fx.minorUnits);
  const by = `${p.lane.mode}${p.lane.carrier ? ` with ${p.lane.carrier}` : ""}`;
  const late = p.delivery.afterCutoff ? " (after today's cut-off, so it leaves tomorrow)" : "";
  return {
    ...base(c), verdict: "won", code: "WON",
    reason: `${c.input.code} ships ${what} by ${by} for ${money}, delivered by ${p.delivery.latestDate}${late}.`,
    lane: p.lane, cost: p.cost, delivery: p.delivery,
  };
}

/** Why an offer for the whole order lost to the winner's, in the order the policy weighs things. */
export function lostEntry(model: Model, c: Candidate, p: Priced, winner: Candidate, w: Priced): CandidateExplanation {
  const policy = model.input.policy;
  const cur = model.input.fx.minorUnits;
  const dCost = p.cost.total - w.cost.total;
  const dDays = p.delivery.days - w.delivery.days;
  const W = winner.input.code;
  const me = c.input.code;
  let code: string;
  let reason: string;
  const promise = policy.objective === "balanced" ? policy.promiseDays : undefined;
  if (promise !== undefined && p.delivery.days > promise && p.delivery.days > Math.max(promise, w.delivery.days)) {
    code = "MISSES_PROMISE";
    reason = `${me} takes ${plural(p.delivery.days, "day")}, beyond your ${promise}-day promise; ${W} takes ${w.delivery.days}.`;
  } else if (policy.objective === "fastest" && dDays > 0) {
    code = "SLOWER";
    reason = `${me} arrives ${plural(dDays, "day")} later than ${W} (${p.delivery.latestDate} vs ${w.delivery.latestDate}).`;
  } else if (dCost > 0) {
    code = "HIGHER_COST";
    reason = `${me} costs ${formatMoney(dCost, p.cost.currency, cur)} more than ${W} (${formatMoney(p.cost.total, p.cost.currency, cur)} vs ${formatMoney(w.cost.total, w.cost.currency, cur)}).`;
  } else if (dDays > 0) {
    code = "SLOWER";
    reason = `${me} costs the same as ${W} but arrives ${plural(dDays, "day")} later.`;
  } else {
    code = "TIE_LOST";
    const why = winner.preferred && !c.preferred ? "is a preferred warehouse" : winner.input.priority > c.input.priority ? "has a higher priority" : "comes first in your warehouse list";
    reason = `${me} ties with ${W} on cost and delivery; ${W} ${why}.`;
  }
  return { ...base(c), verdict: "lost", code, reason, lane: p.lane, cost: p.cost, delivery: p.delivery };
}
