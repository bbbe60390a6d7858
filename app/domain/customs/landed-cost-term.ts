/**
 * Adapts the customs core to routing's CostTerm (app/domain/routing/cost-term.ts): the term
 * "duties_and_taxes" prices each planned shipment with quoteShipmentLandedCost, so the engine
 * compares ship-from-origin and pre-stocked lanes on what is really paid.
 */
import type { Money } from "../order";
import { DEFAULT_POSTAL_CARRIERS } from "./postal-carriers";
import type { CostTerm, ShipmentPlan, TermAmount } from "../routing/cost-term";
import type { FxRate } from "./convert-currency";
import { CustomsDataError } from "./customs-error";
import type { QuoteInput, QuoteLine } from "./landed-cost-types";
import { quoteShipmentLandedCost } from "./quote-shipment-landed-cost";

export interface LandedCostTermOptions {
  seller: QuoteInput["seller"];
  /** Dated customs FX rates (the routing engine's FxRates carry no source or date). */
  fx: readonly FxRate[];
  /** The carrier's clearance fee when duty/tax is collected at the border. */
  clearanceFee?: Money;
  /** Carriers that are posts (CN22/CN23 lanes): decides post vs courier thresholds. */
  postalCarriers?: readonly string[];
}


export function createLandedCostTerm(opts: LandedCostTermOptions): CostTerm {
  const posts = new Set((opts.postalCarriers ?? DEFAULT_POSTAL_CARRIERS).map((c) => c.toLowerCase()));
  return {
    name: "duties_and_taxes",
    amount(plan: ShipmentPlan): TermAmount | null {
      const missing = plan.lines.find((p) => !p.line.hsCode);
      if (missing) return { amount: 0, currency: plan.order.currency, note: `not estimated: ${missing.line.sku} has no HS code` };
      const lines: QuoteLine[] = plan.lines.map((p) => ({
        lineId: p.line.externalLineId, sku: p.line.sku, hsCode: p.line.hsCode!, quantity: p.quantity,
        // Origin is where the goods were made; without it, the origin warehouse's country is the best guess.
        origin: p.line.countryOfOrigin ?? "VN", unitValue: p.line.unitPrice, currency: p.line.currency,
      }));
      try {
        const r = quoteShipmentLandedCost({
          warehouse: { id: plan.warehouse.id, countryCode: plan.warehouse.countryCode, dutiesPrepaid: plan.warehouse.dutiesPrepaid },
          destination: { country: plan.destination, ...(plan.order.shipTo.provinceCode ? { region: plan.order.shipTo.provinceCode } : {}) },
          lines,
          shipping: { amount: plan.order.shippingCharged ?? 0, currency: plan.order.currency },
          mode: plan.lane.carrier && posts.has(plan.lane.carrier.toLowerCase()) ? "post" : "courier",
          incoterm: plan.ddp ? "DDP" : "DAP",
          date: plan.now.toISOString().slice(0, 10),
          seller: opts.seller,
          fx: opts.fx,
          ...(opts.clearanceFee ? { clearanceFee: opts.clearanceFee } : {}),
        });
        return { amount: r.amount, currency: r.currency, note: r.note };
      } catch (error) {
        // No rules for the destination: the term does not apply. Missing data (rate, FX): say so
        // rather than refuse, so a merchant without customs data can still ship.
        if (error instanceof CustomsDataError) {
          if (error.code === "UNSUPPORTED_DESTINATION") return null;
          return { amount: 0, currency: plan.order.currency, note: `not estimated: ${error.merchantMessage ?? error.message}` };
        }
        throw error;
      }
    },
  };
}
