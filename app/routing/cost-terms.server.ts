/**
 * The one place that builds routing's extra cost terms from a shop's settings: landed cost
 * ("duties_and_taxes") and dangerous-goods screening. Both the routing job (route-and-reserve) and
 * what-if routing (explain-route) use it, so a decision and its explanation never disagree.
 */
import { parseStoredSettings } from "../db/queries/settings.server";
import type { FxRate } from "../domain/customs/convert-currency";
import { createDangerousGoodsTerm } from "../domain/customs/dangerous-goods-term";
import { createLandedCostTerm } from "../domain/customs/landed-cost-term";
import type { ShipmentCustomsOptions } from "../domain/customs/shipment-customs";
import type { CostTerm } from "../domain/routing/cost-term";
import { REFERENCE_FX } from "./fx-reference";

type ReferenceFx = typeof REFERENCE_FX;

/**
 * Routing's FX table (every currency into the reporting one) as the customs core's dated pairs: one
 * row per ordered pair, so a USD order to the EU or a VND price to Japan converts in one step. Each
 * row carries the table's date and source, which every quote then records.
 */
export function customsFxRates(table: ReferenceFx = REFERENCE_FX): FxRate[] {
  const entries = Object.entries(table.rates).filter(([, r]) => r > 0);
  const out: FxRate[] = [];
  for (const [base, inBase] of entries) {
    for (const [quote, inQuote] of entries) {
      if (base !== quote) out.push({ base, quote, rate: inBase / inQuote, source: table.source, date: table.asOf });
    }
  }
  return out;
}

/** The seller's registrations as the customs core takes them (only those set). */
export function sellerFromSettings(settings: unknown) {
  const regs = parseStoredSettings(settings).customsRegistrations;
  return { registrations: Object.fromEntries(Object.entries(regs).filter(([, v]) => typeof v === "string" && v.length > 0)) };
}

/**
 * Dangerous-goods screening with the postal rules (UPU, CN22/CN23) for international parcels only: a
 * US warehouse's USPS ground parcel to a US buyer is domestic mail, where devices with installed
 * lithium batteries travel by ground, so it is screened as the lane's own mode instead.
 */
export function createLaneDangerousGoodsTerm(): CostTerm {
  const international = createDangerousGoodsTerm();
  const domestic = createDangerousGoodsTerm({ postalCarriers: [] });
  return {
    name: international.name,
    amount: (plan) => (plan.warehouse.countryCode === plan.destination ? domestic : international).amount(plan),
  };
}

/** The customs options routing prices with; the allocation record uses the same, so the two agree. */
export function customsOptions(settings: unknown, fx: ReferenceFx = REFERENCE_FX): ShipmentCustomsOptions {
  return { seller: sellerFromSettings(settings), fx: customsFxRates(fx) };
}

export function routingCostTerms(settings: unknown, fx: ReferenceFx = REFERENCE_FX): CostTerm[] {
  return [createLandedCostTerm(customsOptions(settings, fx)), createLaneDangerousGoodsTerm()];
}
