/**
 * Adapts the customs core to routing's CostTerm (app/domain/routing/cost-term.ts): the term
 * "duties_and_taxes" prices each planned shipment with quoteShipmentLandedCost, so the engine
 * compares ship-from-origin and pre-stocked lanes on what is really paid.
 */
import type { CostTerm, ShipmentPlan, TermAmount } from "../routing/cost-term";
import { priceShipmentCustoms, type ShipmentCustomsOptions } from "./shipment-customs";

export type LandedCostTermOptions = ShipmentCustomsOptions;

export function createLandedCostTerm(opts: LandedCostTermOptions): CostTerm {
  return {
    name: "duties_and_taxes",
    amount(plan: ShipmentPlan): TermAmount | null {
      const priced = priceShipmentCustoms(plan, opts);
      // No rules for the destination: the term does not apply. Missing data (HS code, rate, FX): say
      // so rather than refuse, so a merchant without customs data can still ship.
      if (priced.kind === "unsupported") return null;
      if (priced.kind === "not_estimated") return { amount: 0, currency: plan.order.currency, note: `not estimated: ${priced.reason}` };
      return { amount: priced.result.amount, currency: priced.result.currency, note: priced.result.note };
    },
  };
}
