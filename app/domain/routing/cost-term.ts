/**
 * Pluggable cost terms. The routing engine prices a shipment as a sum of named terms: its own
 * "carrier", "surcharge:<name>" and "handling", then every CostTerm passed in `RoutingInput.extraTerms`.
 * This is how landed-cost-aware routing plugs in without touching the engine: the customs core
 * (app/domain/customs) exports a term named "duties_and_taxes" and the routing job passes it in.
 *
 * ```ts
 * export const dutiesAndTaxes: CostTerm = {
 *   name: "duties_and_taxes",
 *   amount(plan) {
 *     if (plan.warehouse.dutiesPrepaid) return { amount: 0, currency: "USD", note: "duty settled at bulk import" };
 *     const landed = estimateLandedCost(plan.destination, plan.lines, plan.now); // customs core, pure
 *     return { amount: landed.dutyAndTax, currency: landed.currency };
 *   },
 * };
 * ```
 *
 * Contract (the engine relies on it):
 * - Pure and deterministic: same plan, same answer; no I/O, no clock but `plan.now`.
 * - Non-negative: the split search prunes on lower bounds that assume no term lowers a cost.
 * - Cheap: it is called once per shipment the engine prices (every candidate warehouse's best lane,
 *   every combination the split search completes), so precompute tables outside, keep the closure.
 * - Return null when the term does not apply; the engine then lists nothing for it.
 * - Return `{ refuse }` when the shipment must not happen (e.g. the destination bans the goods):
 *   the candidate becomes ineligible with that sentence as its reason.
 *
 * When a term depends on how units are split between warehouses, the split search assigns units
 * by the engine's own (linear) terms first and adds extra terms on top; single-shipment routing,
 * the common case, is exact.
 */
import type { CanonicalOrder, CountryCode, CurrencyCode, OrderLine } from "../order";
import type { CandidateWarehouse, RoutingLane } from "./types";

/** The units of one order line that a shipment would carry. */
export interface PlannedLine {
  line: OrderLine;
  quantity: number;
}

/** What a cost term sees: one shipment-to-be, from one warehouse on one lane. */
export interface ShipmentPlan {
  order: CanonicalOrder;
  destination: CountryCode;
  warehouse: CandidateWarehouse;
  lane: RoutingLane;
  lines: readonly PlannedLine[];
  weightGrams: number;
  /** Both the warehouse and the lane can deliver duties paid. */
  ddp: boolean;
  now: Date;
}

export interface TermAmount {
  /** Minor units of `currency`; never negative. */
  amount: number;
  currency: CurrencyCode;
  /** Short why, shown in the explanation ("duty settled at bulk import"). */
  note?: string;
}

export interface TermRefusal {
  refuse: string;
}

export interface CostTerm {
  /** Stable snake_case name shown in the explanation and stored with the decision. */
  readonly name: string;
  amount(plan: ShipmentPlan): TermAmount | TermRefusal | null;
}

export const isRefusal = (x: TermAmount | TermRefusal | null): x is TermRefusal => x !== null && "refuse" in x;
